#include <gtest/gtest.h>

#include <fstream>

#include "common/redis/keys.hpp"
#include "hooks/cos_storage.hpp"
#include "hooks/hls_api.hpp"
#include "hooks/m3u8.hpp"
#include "hooks/tencent_account.hpp"
#include "hooks/vod_target.hpp"
#include "tests/support/redis_test.hpp"
#include "tests/support/tencent_stand_in.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
namespace keys = redis::keys;
using namespace std::chrono_literals;

constexpr const char* kBucket = "srs-lighthouse-3fa9-1250000000";

// The recording pipelines against a loopback stand-in for Tencent Cloud (tests/support), which
// recomputes the COS and TC3 signature of every call, keeps uploaded objects and plays VoD's
// ApplyUpload/CommitUpload flow. The account is in Redis, where the tencent daemon leaves it.
class TencentStorageTest : public test::RedisTest {
 protected:
  TencentStorageTest() {
    cloud_.AddAccount("AKIDgood", {.secret_key = "good-key", .app_id = "1250000000", .uin = "100001"});
    cloud_.AddBucket(kBucket);
    redis().Hset(keys::kSrsTencentCam, "secretId", "AKIDgood");
    redis().Hset(keys::kSrsTencentCam, "secretKey", "good-key");
    redis().Hset(keys::kSrsTencentCam, "appId", "1250000000");
    redis().Hset(keys::kSrsTencentCos, "bucket", kBucket);
    redis().Hset(keys::kSrsTencentLh, "region", "ap-guangzhou");
    fs::create_directories(hls_ / "live");
  }

  cloud::TencentEndpoints Endpoints() const {
    return {.api = cloud_.url(), .cos = cloud_.url(), .timeout = 10s};
  }

  // Segments s-<first>.ts ... as the engine would write and announce them.
  void Ingest(HlsApi& hls_api, int first, int count, const std::string& stream = "s") {
    for (int seq = first; seq < first + count; ++seq) {
      const std::string name = stream + "-" + std::to_string(seq) + ".ts";
      std::ofstream(hls_ / "live" / name) << std::string(1000 * (seq + 1), 'a');
      SegmentEvent event{.app = "live", .stream = stream, .file = (hls_ / "live" / name).string(),
                         .url = "live/" + name, .m3u8_url = "live/" + stream + ".m3u8", .duration = 2.125,
                         .seqno = seq};
      hls_api.Ingest(event, folder_);
    }
  }

  static Json OnlyValue(const std::vector<std::pair<std::string, std::string>>& hash) {
    EXPECT_EQ(hash.size(), 1u);
    return hash.empty() ? Json() : Json::parse(hash[0].second);
  }

  test::TencentStandIn cloud_;
  test::TempDir dir_;
  const fs::path hls_ = fs::path(dir_.path()) / "html";
  const HlsFolder folder_{.root = hls_, .engine_dir = dir_.path()};
  TencentAccount account_{redis(), 0ms};
  CosStorage storage_{Endpoints(), [this] { return account_.Current(); }};
  Staging dvr_staging_{fs::path(dir_.path()) / "dvr", 1 << 24};
  Staging vod_staging_{fs::path(dir_.path()) / "vod", 1 << 24};
};

TEST_F(TencentStorageTest, CosStorageUploadsAndMeasuresObjectsAgainstTencentStandIn) {
  const fs::path file = fs::path(dir_.path()) / "seg.ts";
  std::ofstream(file, std::ios::binary) << std::string(200'000, 'x') << "end";
  ASSERT_TRUE(storage_.ready());
  storage_.PutFile("sess a/t1.ts", file, "video/MP2T");
  EXPECT_EQ(storage_.SizeOf("sess a/t1.ts"), 200'003u);
  EXPECT_EQ(storage_.SizeOf("sess a/none.ts"), std::nullopt);
  storage_.PutText("sess a/index.m3u8", "#EXTM3U", "application/vnd.apple.mpegurl");
  EXPECT_EQ(cloud_.Object(kBucket, "/sess a/index.m3u8"), "#EXTM3U");
  const auto location = storage_.Locate("sess a/index.m3u8");
  ASSERT_TRUE(location);
  EXPECT_EQ(std::get<std::string>(*location),
            std::string("https://") + kBucket + ".cos.ap-guangzhou.myqcloud.com/sess%20a/index.m3u8");
  EXPECT_EQ(storage_.kind(), "cos");
  EXPECT_EQ(storage_.bucket(), kBucket);
  EXPECT_EQ(storage_.region(), "ap-guangzhou");
  EXPECT_THROW(storage_.PutText("../x", "", "text/plain"), std::invalid_argument);
  const auto puts = cloud_.CallsOf("PUT Object");
  ASSERT_EQ(puts.size(), 2u);
  for (const auto& call : puts) {
    EXPECT_TRUE(call.accepted);
    EXPECT_EQ(call.secret_id, "AKIDgood");
    EXPECT_EQ(call.region, "ap-guangzhou");
  }
}

TEST_F(TencentStorageTest, CosStorageWaitsForTheKeysTheTencentDaemonWrites) {
  redis().Hdel(keys::kSrsTencentCam, "secretKey");
  EXPECT_FALSE(storage_.ready());
  EXPECT_THROW(storage_.PutText("k", "v", "text/plain"), std::runtime_error);
  EXPECT_TRUE(cloud_.Calls().empty()) << "nothing is sent without keys";
  redis().Hset(keys::kSrsTencentCam, "secretKey", "good-key");  // the keys rotate in at runtime
  EXPECT_TRUE(storage_.ready());
  storage_.PutText("k", "v", "text/plain");
  EXPECT_EQ(cloud_.Object(kBucket, "/k"), "v");
}

TEST_F(TencentStorageTest, ARefusedCosSignatureIsReportedAndTheSegmentStaysQueued) {
  redis().Hset(keys::kSrsTencentCam, "secretKey", "wrong-key");
  try {
    storage_.PutText("k", "v", "text/plain");
    FAIL() << "the stand-in accepted a wrong signature";
  } catch (const cloud::TencentError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch") << error.what();
    EXPECT_EQ(std::string(error.what()).find("wrong-key"), std::string::npos) << "the key is never in messages";
  }
  EXPECT_THROW(storage_.SizeOf("k"), cloud::TencentError);

  redis().Hset(keys::kSrsDvrPatterns, "all", "true");
  DvrTarget target(storage_);
  Pipeline dvr(redis(), kDvrKeys, dvr_staging_, &target, {.session_idle = 0s, .retry_base = 0ms});
  Pipeline vod(redis(), kVodKeys, vod_staging_, nullptr, {});
  HlsApi hls_api(redis(), folder_, dvr, vod, {});
  Ingest(hls_api, 0, 1);
  dvr.RunOnce();
  const Json local = OnlyValue(redis().Hgetall(keys::kSrsDvrM3u8Local));
  ASSERT_EQ(local["files"].size(), 1u) << local.dump();
  EXPECT_EQ(local["files"][0]["attempts"], 1);
  EXPECT_TRUE(fs::exists(local["files"][0]["tsfile"].get<std::string>()));
  EXPECT_EQ(redis().Hlen(keys::kSrsDvrM3u8Metadata), 0);
  EXPECT_EQ(cloud_.ObjectCount(), 0u);

  redis().Hset(keys::kSrsTencentCam, "secretKey", "good-key");  // fixed: the next pass uploads it
  dvr.RunOnce();
  EXPECT_EQ(cloud_.ObjectCount(), 1u);
  EXPECT_EQ(OnlyValue(redis().Hgetall(keys::kSrsDvrM3u8Local))["files"].size(), 0u);
}

TEST_F(TencentStorageTest, DvrSessionEndsInTheCosBucketWithItsPlaylistAgainstTencentStandIn) {
  redis().Hset(keys::kSrsDvrPatterns, "all", "true");
  DvrTarget target(storage_);
  Pipeline dvr(redis(), kDvrKeys, dvr_staging_, &target, {.session_idle = 0s});
  Pipeline vod(redis(), kVodKeys, vod_staging_, nullptr, {});
  HlsApi hls_api(redis(), folder_, dvr, vod, {});
  Ingest(hls_api, 0, 3);
  dvr.RunOnce();  // uploads; the queue is then empty and idle for 0 s: closes and finishes
  dvr.RunOnce();
  const Json metadata = OnlyValue(redis().Hgetall(keys::kSrsDvrM3u8Metadata));
  EXPECT_EQ(metadata["progress"], false);
  EXPECT_EQ(metadata["bucket"], kBucket);
  EXPECT_EQ(metadata["region"], "ap-guangzhou");
  EXPECT_EQ(metadata["storage"], "cos");
  const std::string uuid = metadata["uuid"];
  EXPECT_EQ(cloud_.Object(kBucket, "/" + uuid + "/index.m3u8"), BuildVodM3u8(metadata, false).body);
  ASSERT_EQ(metadata["files"].size(), 3u);
  for (const Json& file : metadata["files"]) {
    EXPECT_EQ(storage_.SizeOf(file["key"]), file["size"].get<std::uint64_t>());
  }
  for (const auto& call : cloud_.Calls()) EXPECT_TRUE(call.accepted) << call.action;
}

class VodStorageTest : public TencentStorageTest {
 protected:
  VodStorageTest() {
    redis().Hset(keys::kSrsVodPatterns, "all", "true");
    redis().Hset(keys::kSrsTencentVod, "remux",
                 R"({"definition":875,"name":"MP4-Remux","comment":"","container":"mp4","update":"x"})");
  }
  SessionStore store_{redis(), kVodKeys};
  VodTarget target_{redis(), account_, Endpoints(), store_, {}};
  Pipeline dvr_{redis(), kDvrKeys, dvr_staging_, nullptr, {}};
  Pipeline vod_{redis(), kVodKeys, vod_staging_, &target_, {.session_idle = 0s}};
  HlsApi hls_api_{redis(), folder_, dvr_, vod_, {}};
};

TEST_F(VodStorageTest, VodSessionIsAppliedUploadedCommittedAndRemuxedAgainstTencentStandIn) {
  Ingest(hls_api_, 0, 2);
  vod_.RunOnce();
  ASSERT_EQ(cloud_.CallsOf("ApplyUpload").size(), 1u);
  const Json token = OnlyValue(redis().Hgetall(keys::kSrsVodCosToken));
  const std::string path = token["key"];
  const std::string bucket = token["bucket"];
  const std::string folder = path.substr(0, path.rfind('/') + 1);

  // A restarted daemon keeps the upload session it had (same place, no second ApplyUpload).
  VodTarget restarted(redis(), account_, Endpoints(), store_, {});
  Pipeline vod_again(redis(), kVodKeys, vod_staging_, &restarted, {.session_idle = 0s});
  Ingest(hls_api_, 2, 1);
  vod_.Stop();
  vod_again.RunOnce();  // uploads the third segment, closes the idle session and commits it
  vod_again.RunOnce();
  EXPECT_EQ(cloud_.CallsOf("ApplyUpload").size(), 1u);

  const Json metadata = OnlyValue(redis().Hgetall(keys::kSrsVodM3u8Metadata));
  ASSERT_EQ(metadata["files"].size(), 3u) << metadata.dump();
  for (const Json& file : metadata["files"]) {
    const std::string key = file["key"];
    EXPECT_EQ(key, folder + file["tsid"].get<std::string>() + ".ts");
    EXPECT_EQ(cloud_.Object(bucket, key).value_or("").size(), file["size"].get<std::size_t>());
  }
  EXPECT_EQ(metadata["bucket"], bucket);
  EXPECT_EQ(metadata["region"], "ap-chongqing");
  EXPECT_EQ(metadata["progress"], false);
  EXPECT_EQ(cloud_.Object(bucket, path), BuildVodM3u8(metadata, false).body);
  EXPECT_TRUE(metadata["fileId"].is_string() && !metadata["fileId"].get<std::string>().empty());
  EXPECT_EQ(metadata["mediaUrl"], "https://1250000000.vod2.myqcloud.com" + path);
  EXPECT_EQ(metadata["definition"], 875);
  EXPECT_TRUE(metadata["taskId"].is_string());
  EXPECT_EQ(redis().Hlen(keys::kSrsVodCosToken), 0) << "temporary secrets are not kept";
  EXPECT_EQ(cloud_.CallsOf("CommitUpload").size(), 1u);
  ASSERT_EQ(cloud_.CallsOf("ProcessMedia").size(), 1u);
  EXPECT_EQ(cloud_.CallsOf("ProcessMedia")[0].body["MediaProcessTask"]["TranscodeTaskSet"][0]["Definition"], 875);
  for (const auto& call : cloud_.Calls()) {
    EXPECT_TRUE(call.accepted) << call.action;
    if (call.service == "cos") {
      EXPECT_TRUE(call.secret_id.starts_with("tmp-")) << "COS takes the temporary keys";
    } else {
      EXPECT_EQ(call.region, "ap-guangzhou") << call.action;
    }
  }

  restarted.RefreshTranscodes();
  const Json done = OnlyValue(redis().Hgetall(keys::kSrsVodM3u8Metadata));
  EXPECT_EQ(done["taskObj"]["url"], "https://1250000000.vod2.myqcloud.com/remux/" + done["fileId"].get<std::string>() + ".mp4");
  EXPECT_EQ(done["taskObj"]["width"], 1280);
  const auto described = cloud_.CallsOf("DescribeMediaInfos");
  ASSERT_EQ(described.size(), 1u);
  EXPECT_EQ(described[0].body["Filters"], Json::array({"transcodeInfo"}));
}

TEST_F(VodStorageTest, ARefusedTc3SignatureIsReportedAndNothingIsUploaded) {
  redis().Hset(keys::kSrsTencentCam, "secretKey", "wrong-key");
  Ingest(hls_api_, 0, 1);
  vod_.RunOnce();
  const auto applied = cloud_.CallsOf("ApplyUpload");
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_FALSE(applied[0].accepted);
  const Json local = OnlyValue(redis().Hgetall(keys::kSrsVodM3u8Local));
  ASSERT_EQ(local["files"].size(), 1u) << "the segment stays queued";
  EXPECT_EQ(cloud_.ObjectCount(), 0u);
  EXPECT_EQ(redis().Hlen(keys::kSrsVodCosToken), 0);
  try {
    target_.StorageOf("some-session");
    FAIL() << "ApplyUpload with a wrong key succeeded";
  } catch (const cloud::TencentError& error) {
    EXPECT_EQ(error.code(), "AuthFailure.SignatureFailure") << error.what();
  }
}

TEST_F(VodStorageTest, ASessionWithoutSegmentsIsNeverApplied) {
  EXPECT_TRUE(target_.ready());
  vod_.RunOnce();
  EXPECT_TRUE(cloud_.Calls().empty());
  redis().Hdel(keys::kSrsTencentLh, "region");
  EXPECT_FALSE(target_.ready()) << "VoD needs the region for X-TC-Region";
}

}  // namespace
}  // namespace sc::hooks
