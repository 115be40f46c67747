#include <gtest/gtest.h>

#include <fstream>

#include "common/http/client.hpp"
#include "common/redis/keys.hpp"
#include "hooks/hls_api.hpp"
#include "hooks/m3u8.hpp"
#include "hooks/s3_storage.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// s3rver (npm) as a stand-in for S3: the REST API (PUT, HEAD, GET, presigned query
// authentication) on loopback, with its default key pair S3RVER/S3RVER. It knows access key ids
// but does not verify V4 signatures (its source says so); the signer itself is checked against
// AWS's vectors and curl in sigv4_test.cpp. Installed by `npm ci` in tests/hooks/s3rver.
class S3rver {
 public:
  S3rver() {
    const fs::path cli = fs::path(SC_SOURCE_DIR) / "tests/hooks/s3rver/node_modules/s3rver/bin/s3rver.js";
    if (!fs::exists(cli)) throw std::runtime_error("s3rver missing: run `npm ci` in tests/hooks/s3rver");
    process_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{"node", cli.string(), "-d", data_.path(), "-a", "127.0.0.1", "-p",
                                 std::to_string(port_), "--configure-bucket", "bucket", "--no-vhost-buckets"},
        test::EnvList{}, data_.path() + "/s3rver.log");
    process_->Start();
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (!test::PortAcceptsConnections(port_) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
    }
    if (!test::PortAcceptsConnections(port_)) throw std::runtime_error("s3rver did not start: " + process_->ReadLog());
  }

  S3Options Options(std::string key_id = "S3RVER") const {
    return {.endpoint = "http://127.0.0.1:" + std::to_string(port_), .bucket = "bucket", .region = "us-east-1",
            .credentials = {.access_key_id = std::move(key_id), .secret_access_key = "S3RVER"}};
  }

 private:
  test::TempDir data_;
  const std::uint16_t port_ = test::FreePort();
  std::unique_ptr<test::ChildProcess> process_;
};

class S3StorageTest : public test::RedisTest {
 protected:
  static void SetUpTestSuite() {
    RedisTest::SetUpTestSuite();
    s3rver_ = std::make_unique<S3rver>();
  }
  static void TearDownTestSuite() {
    s3rver_.reset();
    RedisTest::TearDownTestSuite();
  }

  static std::string Get(const Storage::Location& location) {
    const auto response = http::Fetch({.url = std::get<std::string>(location)});
    EXPECT_EQ(response.status, 200) << response.body;
    return response.body;
  }

  static inline std::unique_ptr<S3rver> s3rver_;
  test::TempDir dir_;
  S3Storage storage_{s3rver_->Options()};
};

TEST_F(S3StorageTest, PutHeadAndPresignedGet) {
  const fs::path file = fs::path(dir_.path()) / "seg.ts";
  std::ofstream(file, std::ios::binary) << std::string(300'000, 'x') << "end";
  storage_.PutFile("sess a/t1.ts", file, "video/MP2T");
  EXPECT_EQ(storage_.SizeOf("sess a/t1.ts"), 300'003u);
  EXPECT_EQ(storage_.SizeOf("sess a/none.ts"), std::nullopt);
  storage_.PutText("sess a/index.m3u8", "#EXTM3U", "application/vnd.apple.mpegurl");
  const auto location = storage_.Locate("sess a/index.m3u8");
  ASSERT_TRUE(location);
  EXPECT_EQ(Get(*location), "#EXTM3U");
  EXPECT_EQ(storage_.kind(), "s3");
  EXPECT_THROW(storage_.PutText("../x", "", "text/plain"), std::invalid_argument);
}

TEST_F(S3StorageTest, TheStoresRefusalIsExplained) {
  S3Storage wrong(s3rver_->Options("UNKNOWNKEY"));
  try {
    wrong.PutText("k", "v", "text/plain");
    FAIL() << "the store accepted an unknown key";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("InvalidAccessKeyId"), std::string::npos) << error.what();
  }
  EXPECT_THROW(wrong.SizeOf("k"), std::runtime_error);
}

TEST_F(S3StorageTest, DvrSessionEndsInTheBucketWithItsPlaylist) {
  const fs::path hls = fs::path(dir_.path()) / "html";
  fs::create_directories(hls / "live");
  redis().Hset(redis::keys::kSrsDvrPatterns, "all", "true");
  DvrTarget target(storage_);
  Staging staging(fs::path(dir_.path()) / "dvr", 1 << 24), vod_staging(fs::path(dir_.path()) / "vod", 1 << 24);
  Pipeline dvr(redis(), kDvrKeys, staging, &target, {.session_idle = 0s});
  Pipeline vod(redis(), kVodKeys, vod_staging, nullptr, {});
  const HlsFolder folder{.root = hls, .engine_dir = dir_.path()};
  HlsApi hls_api(redis(), folder, dvr, vod, {});
  for (int seq = 0; seq < 3; ++seq) {
    const std::string name = "s-" + std::to_string(seq) + ".ts";
    std::ofstream(hls / "live" / name) << std::string(1000 * (seq + 1), 'a');
    SegmentEvent event{.app = "live", .stream = "s", .file = (hls / "live" / name).string(), .url = "live/" + name,
                       .m3u8_url = "live/s.m3u8", .duration = 2.125, .seqno = seq};
    hls_api.Ingest(event, folder);
  }
  dvr.RunOnce();  // uploads; the queue is then empty and idle for 0 s: closes and finishes
  dvr.RunOnce();
  const auto metadata_text = redis().Hgetall(redis::keys::kSrsDvrM3u8Metadata);
  ASSERT_EQ(metadata_text.size(), 1u);
  const Json metadata = Json::parse(metadata_text[0].second);
  EXPECT_EQ(metadata["progress"], false);
  EXPECT_EQ(metadata["bucket"], "bucket");
  EXPECT_EQ(metadata["storage"], "s3");
  const std::string uuid = metadata["uuid"];
  EXPECT_EQ(Get(*storage_.Locate(uuid + "/index.m3u8")), BuildVodM3u8(metadata, false).body);
  for (const Json& file : metadata["files"]) EXPECT_EQ(storage_.SizeOf(file["key"]), file["size"].get<std::uint64_t>());
}

}  // namespace
}  // namespace sc::hooks
