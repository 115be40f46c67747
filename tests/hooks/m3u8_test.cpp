#include "hooks/m3u8.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sc::hooks {
namespace {

std::string Lines(std::initializer_list<const char*> lines) {
  std::string joined;
  for (const char* line : lines) joined += (joined.empty() ? "" : "\n") + std::string(line);
  return joined;
}

Json Metadata(Json files, const char* bucket = "bucket", const char* region = "region") {
  return {{"files", std::move(files)}, {"bucket", bucket}, {"region", region}};
}

// tests-original.md §1: hooks/m3u8Generator.test.js, ported 1:1.
TEST(M3u8GeneratorTest, BuildOutput) {
  EXPECT_EQ(BuildVodM3u8(Metadata({{{"seqno", 0}, {"duration", 1}, {"tsid", "file0"}}}), false).body,
            Lines({"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-ALLOW-CACHE:YES", "#EXT-X-PLAYLIST-TYPE:VOD",
                   "#EXT-X-TARGETDURATION:1", "#EXT-X-MEDIA-SEQUENCE:0", "#EXTINF:1.00, no desc",
                   "file0.ts", "#EXT-X-ENDLIST"}));
}

TEST(M3u8GeneratorTest, BuildOutput2) {
  const Json files = {{{"seqno", 0}, {"duration", 1}, {"tsid", "file0"}},
                      {{"seqno", 1}, {"duration", 2}, {"tsid", "file1"}},
                      {{"seqno", 2}, {"duration", 3}, {"tsid", "file2"}}};
  EXPECT_EQ(BuildVodM3u8(Metadata(files), false).body,
            Lines({"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-ALLOW-CACHE:YES", "#EXT-X-PLAYLIST-TYPE:VOD",
                   "#EXT-X-TARGETDURATION:3", "#EXT-X-MEDIA-SEQUENCE:0", "#EXTINF:1.00, no desc",
                   "file0.ts", "#EXTINF:2.00, no desc", "file1.ts", "#EXTINF:3.00, no desc", "file2.ts",
                   "#EXT-X-ENDLIST"}));
}

TEST(M3u8GeneratorTest, BuildWithAbs) {
  const Json files = {{{"seqno", 0}, {"duration", 1}, {"tsid", "file0"}, {"key", "file0.ts"}}};
  const std::string expected =
      Lines({"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-ALLOW-CACHE:YES", "#EXT-X-PLAYLIST-TYPE:VOD",
             "#EXT-X-TARGETDURATION:1", "#EXT-X-MEDIA-SEQUENCE:0", "#EXTINF:1.00, no desc",
             "https://bucket.cos.region.myqcloud.com/file0.ts", "#EXT-X-ENDLIST"});
  EXPECT_EQ(BuildVodM3u8(Metadata(files), true).body, expected);
}

TEST(M3u8GeneratorTest, BuildWithDomain) {
  const Json files = {{{"seqno", 0}, {"duration", 1}, {"tsid", "file0"}, {"key", "file0.ts"}}};
  const Playlist playlist = BuildVodM3u8(Metadata(files), true, "domain");
  EXPECT_NE(playlist.body.find("\nhttps://domain/file0.ts\n"), std::string::npos) << playlist.body;
  EXPECT_EQ(playlist.content_type, "application/vnd.apple.mpegurl");
}

// tests-original.md §6.1 (derived by running the original).
TEST(M3u8GeneratorTest, DiscontinuityRuleOfTheOriginal) {
  const Json files = {{{"seqno", 0}, {"duration", 1}, {"tsid", "a"}},
                      {{"seqno", 5}, {"duration", 2}, {"tsid", "b"}},
                      {{"seqno", 6}, {"duration", 2.5}, {"tsid", "c"}},
                      {{"seqno", 9}, {"duration", 9.995}, {"tsid", "d"}}};
  const Playlist playlist = BuildVodM3u8(Metadata(files, "b", "r"), false);
  EXPECT_EQ(playlist.body,
            Lines({"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-ALLOW-CACHE:YES", "#EXT-X-PLAYLIST-TYPE:VOD",
                   "#EXT-X-TARGETDURATION:10", "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-DISCONTINUITY",
                   "#EXTINF:1.00, no desc", "a.ts", "#EXTINF:2.00, no desc", "b.ts",
                   "#EXTINF:2.50, no desc", "c.ts", "#EXTINF:9.99, no desc", "d.ts", "#EXT-X-ENDLIST"}));
  EXPECT_DOUBLE_EQ(playlist.max_duration, 9.995);

  const Json two = {{{"seqno", 0}, {"duration", 1}, {"tsid", "a"}}, {{"seqno", 5}, {"duration", 2}, {"tsid", "b"}}};
  const Playlist gap = BuildVodM3u8(Metadata(two, "b", "r"), false);
  EXPECT_EQ(gap.body.find("DISCONTINUITY"), std::string::npos);
  EXPECT_NE(gap.body.find("#EXT-X-TARGETDURATION:2\n"), std::string::npos);

  const Json three = {{{"seqno", 0}, {"duration", 1}, {"tsid", "a"}},
                      {{"seqno", 5}, {"duration", 2}, {"tsid", "b"}},
                      {{"seqno", 9}, {"duration", 2}, {"tsid", "c"}}};
  const std::string body = BuildVodM3u8(Metadata(three, "b", "r"), false).body;
  EXPECT_NE(body.find("#EXT-X-DISCONTINUITY\n#EXTINF:1.00, no desc\na.ts"), std::string::npos);
  EXPECT_EQ(body.find("DISCONTINUITY"), body.rfind("DISCONTINUITY"));
}

TEST(M3u8GeneratorTest, EmptyFileList) {
  const Playlist playlist = BuildVodM3u8(Metadata(Json::array(), "b", "r"), false);
  EXPECT_EQ(playlist.body, Lines({"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-ALLOW-CACHE:YES",
                                  "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-TARGETDURATION:0",
                                  "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-ENDLIST"}));
  EXPECT_EQ(playlist.max_duration, 0);
}

TEST(M3u8GeneratorTest, AbsoluteUrlsWithDomainEscapeAndNeverChangeHost) {
  const Json files = {{{"seqno", 0}, {"duration", 10.005}, {"tsid", "a"}, {"key", "/x/y/a b.ts"}}};
  const std::string body = BuildVodM3u8(Metadata(files, "b", "r"), true, "d.vod2.myqcloud.com").body;
  EXPECT_NE(body.find("#EXT-X-TARGETDURATION:11\n"), std::string::npos);
  EXPECT_NE(body.find("#EXTINF:10.01, no desc\nhttps://d.vod2.myqcloud.com/x/y/a%20b.ts\n"),
            std::string::npos)
      << body;
  const Json sneaky = {{{"seqno", 0}, {"duration", 1}, {"tsid", "a"}, {"key", "//evil.example/x.ts"}}};
  EXPECT_NE(BuildVodM3u8(Metadata(sneaky, "b", "r"), true, "d.example").body.find("https://d.example/evil.example/x.ts"),
            std::string::npos);
}

TEST(M3u8GeneratorTest, AbsoluteUrlsWithoutDomainAndDurationAsText) {
  const Json files = {{{"seqno", 0}, {"duration", "10.4"}, {"tsid", "a"}, {"key", "uuid/a.ts"}}};
  const Playlist playlist = BuildVodM3u8(Metadata(files, "b", "r"), true);
  EXPECT_NE(playlist.body.find("#EXT-X-TARGETDURATION:11\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.40, no desc\n"
                               "https://b.cos.r.myqcloud.com/uuid/a.ts"),
            std::string::npos)
      << playlist.body;
  EXPECT_DOUBLE_EQ(playlist.max_duration, 10.4);
}

TEST(M3u8GeneratorTest, MissingDurationIsNaN) {
  const std::string body = BuildVodM3u8(Metadata({{{"seqno", 0}, {"tsid", "a"}}}, "b", "r"), false).body;
  EXPECT_NE(body.find("#EXT-X-TARGETDURATION:0\n"), std::string::npos);
  EXPECT_NE(body.find("#EXTINF:NaN, no desc\na.ts"), std::string::npos);
}

TEST(M3u8GeneratorTest, RoundingFollowsJavaScriptToFixed) {
  EXPECT_EQ(JsToFixed2(1.005), "1.00");
  EXPECT_EQ(JsToFixed2(2.675), "2.67");
  EXPECT_EQ(JsToFixed2(10.125), "10.13");
  EXPECT_EQ(JsToFixed2(9.995), "9.99");
  EXPECT_EQ(JsToFixed2(0.125), "0.13");
  EXPECT_EQ(JsToFixed2(99.999), "100.00");
  EXPECT_EQ(JsToFixed2(2), "2.00");
  EXPECT_EQ(JsToFixed2(0), "0.00");
  EXPECT_EQ(JsToFixed2(std::nan("")), "NaN");
}

TEST(M3u8GeneratorTest, ValidationErrors) {
  const auto message = [](const Json& metadata) {
    try {
      BuildVodM3u8(metadata, false);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(nullptr), "no object");
  EXPECT_EQ(message(Json{{"bucket", "b"}, {"region", "r"}}), "no files");
  EXPECT_EQ(message(Metadata(Json::array(), "", "r")), "no bucket");
  EXPECT_EQ(message(Metadata(Json::array(), "b", "")), "no region");
}

// tests-original.md §6.2.
TEST(M3u8GeneratorTest, EventPlaylist) {
  const Json files = {{{"seqno", 0}, {"duration", 1.234}, {"tsid", "a"}, {"key", "uuid/a.ts"}}};
  EXPECT_EQ(BuildEventM3u8(Metadata(files, "b", "r"), true).body,
            Lines({"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-ALLOW-CACHE:YES", "#EXT-X-PLAYLIST-TYPE:EVENT",
                   "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0", "#EXTINF:1.23, no desc",
                   "https://b.cos.r.myqcloud.com/uuid/a.ts"}));
}

// tests-original.md §2 (hooks/vodWorker.test.js) and §6.3.
TEST(VodWorkerTest, BuildVodKey) {
  EXPECT_EQ(BuildVodTsKey("a/b/f.m3u8", "file"), "a/b/file.ts");
  EXPECT_EQ(BuildVodTsKey("/a/b/f.m3u8", "file"), "/a/b/file.ts");
  EXPECT_EQ(BuildVodTsKey("f.m3u8", "x"), "x.ts");
  EXPECT_EQ(BuildVodTsKey("/f.m3u8", "x"), "/x.ts");
  EXPECT_EQ(BuildVodTsKey("a//b/./c/../f.m3u8", "x"), "a/b/x.ts");
  EXPECT_EQ(BuildVodTsKey("/1500/abc/f0.m3u8", "t"), "/1500/abc/t.ts");
}

}  // namespace
}  // namespace sc::hooks
