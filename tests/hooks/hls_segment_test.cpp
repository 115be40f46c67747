#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "common/http/api_error.hpp"
#include "hooks/hls_segment.hpp"
#include "hooks/nginx_hls_watcher.hpp"
#include "hooks/storage.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/net.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;

// An SRS working directory with its HLS folder, a secret next to it, and symlinks out.
class ConfineSegmentTest : public ::testing::Test {
 protected:
  ConfineSegmentTest() {
    fs::create_directories(work_ / "objs/nginx/html/live");
    std::ofstream(work_ / "objs/nginx/html/live/livestream-3.ts") << "ts";
    std::ofstream(work_ / ".env") << "MGMT_PASSWORD=secret";
    std::ofstream(work_ / "outside.ts") << "not hls";
    fs::create_symlink(work_ / "outside.ts", work_ / "objs/nginx/html/live/escape.ts");
    fs::create_symlink(work_ / "objs/nginx/html/live/livestream-3.ts", work_ / "objs/nginx/html/live/alias.ts");
    fs::create_symlink("/dev/zero", work_ / "objs/nginx/html/live/zero.ts");
    fs::create_directories(work_ / "objs/nginx/html/live/folder.ts");
    ::mkfifo((work_ / "objs/nginx/html/live/fifo.ts").c_str(), 0600);
  }

  bool Refused(const std::string& file) {
    try {
      ConfineSegment(folder_, file);
      return false;
    } catch (const http::ApiError& error) {
      EXPECT_EQ(error.http_status(), 422);
      if (file.find('\0') == std::string::npos) {
        EXPECT_EQ(std::string(error.what()), "invalid ts file " + file);
      }
      return true;
    }
  }

  test::TempDir dir_;
  const fs::path work_ = dir_.path();
  const HlsFolder folder_{.root = work_ / "objs/nginx/html", .engine_dir = work_};
};

TEST_F(ConfineSegmentTest, AcceptsSrsRelativeAndAbsolutePathsInside) {
  const fs::path real = fs::canonical(work_ / "objs/nginx/html/live/livestream-3.ts");
  EXPECT_EQ(ConfineSegment(folder_, "./objs/nginx/html/live/livestream-3.ts"), real);
  EXPECT_EQ(ConfineSegment(folder_, real.string()), real);
  EXPECT_EQ(ConfineSegment(folder_, "./objs/nginx/html/live/alias.ts"), real);  // symlink inside
}

TEST_F(ConfineSegmentTest, RefusesTraversalSymlinkEscapesAndNonRegularFiles) {
  EXPECT_TRUE(Refused("./objs/nginx/html/../../outside.ts"));
  EXPECT_TRUE(Refused("./objs/nginx/html/live/../../../../outside.ts"));
  EXPECT_TRUE(Refused((work_ / "outside.ts").string()));
  EXPECT_TRUE(Refused("./objs/nginx/html/live/escape.ts"));
  EXPECT_TRUE(Refused("./objs/nginx/html/live/zero.ts"));
  EXPECT_TRUE(Refused("./objs/nginx/html/live/folder.ts"));
  EXPECT_TRUE(Refused("./objs/nginx/html/live/fifo.ts"));
  EXPECT_TRUE(Refused("./.env"));
  EXPECT_TRUE(Refused("/etc/passwd"));
  EXPECT_TRUE(Refused("./objs/nginx/html/live/missing-4.ts"));
  EXPECT_TRUE(Refused(""));
  EXPECT_TRUE(Refused(std::string("./objs/nginx/html/live/livestream-3.ts\0.ts", 42)));
}

TEST(SegmentFromSrsTest, ReadsTheCapturedOnHlsCallback) {
  for (const Json& line : test::ReadFixtureLines("srs5-callbacks.jsonl")) {
    if (line["action"] != "on_hls") continue;
    const SegmentEvent event = SegmentFromSrs(line["body"]);
    EXPECT_EQ(event.m3u8_url, line["body"]["m3u8_url"]);
    EXPECT_EQ(event.file, line["body"]["file"]);
    EXPECT_EQ(event.seqno, line["body"]["seq_no"]);
    EXPECT_DOUBLE_EQ(event.duration, line["body"]["duration"].get<double>());
    EXPECT_EQ(event.params, line["body"]);
    return;
  }
  FAIL() << "no on_hls fixture";
}

TEST(SegmentFromSrsTest, RefusesOtherActionsAndBadFields) {
  const auto status = [](const Json& body) {
    try {
      SegmentFromSrs(body);
      return 0;
    } catch (const http::ApiError& error) {
      return error.http_status();
    }
  };
  EXPECT_EQ(status({{"action", "on_publish"}, {"m3u8_url", "live/s.m3u8"}}), 422);
  EXPECT_EQ(status({{"action", "on_hls"}}), 422);
  EXPECT_EQ(status({{"action", "on_hls"}, {"m3u8_url", "a\nb"}}), 422);
  EXPECT_EQ(status({{"action", "on_hls"}, {"m3u8_url", "live/s.m3u8"}, {"duration", "2"}}), 422);
  EXPECT_EQ(status({{"action", "on_hls"}, {"m3u8_url", "live/s.m3u8"}, {"file", {1}}}), 422);
  EXPECT_EQ(status({{"action", "on_hls"}, {"m3u8_url", "live/s.m3u8"}, {"duration", 2.02}}), 0);
}

TEST(ObjectKeyTest, OnlyPlainRelativeKeys) {
  EXPECT_TRUE(IsSafeKey("3b24/4b1c.ts"));
  for (const char* bad : {"", "/abs", "a/../b", "./a", "a//b", "a/", "a\\b", "a\nb", ".."}) {
    EXPECT_FALSE(IsSafeKey(bad)) << bad;
  }
}

// What nginx-rtmp 1.2.2 writes (ngx_rtmp_hls_write_playlist).
TEST(NginxPlaylistTest, SegmentsWithSequenceAndDuration) {
  const auto segments = ParseNginxPlaylist(
      "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-TARGETDURATION:3\n\n"
      "#EXTINF:2.000,\nlivestream-7.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.533,\nlivestream-8.ts\n"
      "#EXTINF:1.5,\nodd.ts\n");
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].name, "livestream-7.ts");
  EXPECT_EQ(segments[0].seqno, 7);
  EXPECT_DOUBLE_EQ(segments[1].duration, 2.533);
  EXPECT_EQ(segments[1].seqno, 8);
  EXPECT_EQ(segments[2].seqno, 9);  // no number in the name: media sequence + index
}

}  // namespace
}  // namespace sc::hooks
