#include "ffmpeg/command_line.hpp"

#include <gtest/gtest.h>

namespace sc::ffmpeg {
namespace {

ActiveStream Live(std::string vhost, std::string app, std::string stream) {
  const std::string url =
      vhost == "__defaultVhost__" ? app + "/" + stream : vhost + "/" + app + "/" + stream;
  return {.url = url, .vhost = vhost, .app = app, .stream = stream, .record = Json::object()};
}

// spec/ffmpeg.md §5 generateOutput: every rule and every example.
TEST(JoinOutputTest, SpecExamples) {
  EXPECT_EQ(JoinOutput("rtmp://localhost/live", "livestream"), "rtmp://localhost/live/livestream");
  EXPECT_EQ(JoinOutput("rtmp://localhost/live/", "livestream"), "rtmp://localhost/live/livestream");
  EXPECT_EQ(JoinOutput("rtmp://localhost/live", "/livestream"), "rtmp://localhost/live/livestream");
  EXPECT_EQ(JoinOutput("rtmp://localhost/live", ""), "rtmp://localhost/live");
  EXPECT_EQ(JoinOutput("rtmp://h/live/", "/s"), "rtmp://h/live//s");  // the double slash is kept
}

TEST(JoinOutputTest, AbsentSecretGivesTheServerAlone) {
  EXPECT_EQ(JoinOutput("rtmp://localhost/live", std::nullopt), "rtmp://localhost/live");
  EXPECT_EQ(JoinOutput("rtmp://localhost/live/", std::nullopt), "rtmp://localhost/live/");
}

TEST(JoinOutputTest, TrimsTheServerButNotTheSecret) {
  EXPECT_EQ(JoinOutput("  rtmp://localhost/live \t\n", "key"), "rtmp://localhost/live/key");
  EXPECT_EQ(JoinOutput(" rtmp://localhost/live/ ", " key"), "rtmp://localhost/live/ key");
  // The separator rule looks at the trimmed server.
  EXPECT_EQ(JoinOutput("rtmp://localhost/live/  ", "key"), "rtmp://localhost/live/key");
}

TEST(JoinOutputTest, KeepsAQueryInTheSecret) {
  EXPECT_EQ(JoinOutput("rtmp://live-push.bilivideo.com/live-bvc/", "?streamname=live_1&key=abc"),
            "rtmp://live-push.bilivideo.com/live-bvc/?streamname=live_1&key=abc");
  EXPECT_EQ(JoinOutput("rtmp://push.example.com/live", "?key=abc"),
            "rtmp://push.example.com/live/?key=abc");
}

TEST(InputUrlTest, DefaultVhostAndPort) {
  EXPECT_EQ(
      InputUrl({.host = "localhost", .port = 1935}, Live("__defaultVhost__", "live", "livestream")),
      "rtmp://localhost/live/livestream");
  EXPECT_EQ(InputUrl({.host = "mgmt.srs.local", .port = 1935}, Live("", "live", "livestream")),
            "rtmp://mgmt.srs.local/live/livestream");
}

TEST(InputUrlTest, AnotherPortIsNamed) {
  EXPECT_EQ(InputUrl({.host = "127.0.0.1", .port = 19350}, Live("__defaultVhost__", "live", "s")),
            "rtmp://127.0.0.1:19350/live/s");
}

TEST(InputUrlTest, NonDefaultVhostIsAQueryParameter) {
  EXPECT_EQ(InputUrl({}, Live("example.com", "live", "s")),
            "rtmp://127.0.0.1/live/s?vhost=example.com");
}

TEST(InputUrlTest, AppAndStreamArePercentEncoded) {
  EXPECT_EQ(InputUrl({}, Live("__defaultVhost__", "li ve", "a/b?c=d")),
            "rtmp://127.0.0.1/li%20ve/a%2Fb%3Fc%3Dd");
}

TEST(OutputUrlTest, FirstLiveAndOneStreamUseTheSecret) {
  const ForwardTarget wx{
      .platform = "wx", .server = "rtmp://push.example.com/live", .secret = "key"};
  EXPECT_EQ(OutputUrl(wx, Live("__defaultVhost__", "live", "any")),
            "rtmp://push.example.com/live/key");
  const ForwardTarget one{.platform = "custom-a",
                          .server = "srt://10.0.0.1:10080?streamid=#!::r=live/x,m=publish",
                          .stream = "live/cam"};
  EXPECT_EQ(OutputUrl(one, Live("__defaultVhost__", "live", "cam")),
            "srt://10.0.0.1:10080?streamid=#!::r=live/x,m=publish");
}

TEST(OutputUrlTest, EveryStreamPushesUnderItsOwnName) {
  const ForwardTarget every{
      .platform = "custom-backup", .server = "rtmp://backup/live", .stream = "*"};
  EXPECT_EQ(OutputUrl(every, Live("__defaultVhost__", "live", "cam1")), "rtmp://backup/live/cam1");
  const ForwardTarget keyed{.platform = "custom-backup",
                            .server = "rtmp://backup/live/",
                            .secret = "?k=1",
                            .stream = "*"};
  EXPECT_EQ(OutputUrl(keyed, Live("v.example", "app", "cam 2")), "rtmp://backup/live/cam%202?k=1");
}

TEST(FfmpegArgvTest, ExactlyTheOriginalCommandLine) {
  EXPECT_EQ(
      FfmpegArgv("ffmpeg", "rtmp://localhost/live/livestream", "rtmp://push/live/key"),
      (std::vector<std::string>{"ffmpeg", "-f", "flv", "-i", "rtmp://localhost/live/livestream",
                                "-c", "copy", "-f", "flv", "rtmp://push/live/key"}));
  EXPECT_EQ(FfmpegArgv("ffmpeg", "rtmp://localhost/live/s", "rtmps://push/live/key").back(),
            "rtmps://push/live/key");
}

TEST(FfmpegArgvTest, SrtOutputIsMpegts) {
  const auto argv =
      FfmpegArgv("/usr/bin/ffmpeg", "rtmp://localhost/live/s", "srt://h:10080?streamid=x");
  EXPECT_EQ(argv, (std::vector<std::string>{"/usr/bin/ffmpeg", "-f", "flv", "-i",
                                            "rtmp://localhost/live/s", "-c", "copy", "-f", "mpegts",
                                            "srt://h:10080?streamid=x"}));
}

TEST(MaskUrlTest, HidesTheKeyKeepsHostAndApp) {
  EXPECT_EQ(MaskUrl("rtmp://push.example.com/live/secretkey"), "rtmp://push.example.com/live/***");
  EXPECT_EQ(MaskUrl("rtmp://push.example.com/live-bvc/?streamname=x&key=y"),
            "rtmp://push.example.com/live-bvc/***");
  EXPECT_EQ(MaskUrl("rtmp://push.example.com/live"), "rtmp://push.example.com/live");
  EXPECT_EQ(MaskUrl("rtmp://user:pw@push.example.com:1936/live/k"),
            "rtmp://***@push.example.com:1936/live/***");
  EXPECT_EQ(MaskUrl("srt://h:10080?streamid=#!::r=live/k,m=publish"), "srt://h:10080***");
  EXPECT_EQ(MaskUrl("not a url"), "***");
}

TEST(ParseActiveStreamTest, ReadsWhatHooksWrites) {
  const auto stream = ParseActiveStream(
      "live/livestream",
      R"({"vhost":"__defaultVhost__","app":"live","stream":"livestream","client":"7"})");
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->app, "live");
  EXPECT_EQ(stream->stream, "livestream");
  EXPECT_EQ(stream->record["client"], "7");
  EXPECT_FALSE(ParseActiveStream("x", "not json"));
  EXPECT_FALSE(ParseActiveStream("x", R"({"app":"live"})"));
  EXPECT_FALSE(ParseActiveStream("x", R"([1,2])"));
}

}  // namespace
}  // namespace sc::ffmpeg
