#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "common/redis/keys.hpp"
#include "hooks/hls_api.hpp"
#include "hooks/local_storage.hpp"
#include "hooks/m3u8.hpp"
#include "hooks/pipeline.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
namespace keys = redis::keys;
using namespace std::chrono_literals;

// LocalStorage that counts uploads and can be told to fail: the double for the failure paths
// (the real stores are exercised in s3_storage_test and the binary tests).
class CountingStorage final : public Storage {
 public:
  explicit CountingStorage(fs::path root) : local_(std::move(root)) {}
  std::string kind() const override { return "local"; }
  std::string bucket() const override { return local_.bucket(); }
  std::string region() const override { return local_.region(); }
  void PutFile(const std::string& key, const fs::path& file, const std::string& type) override {
    ++puts;
    if (full) throw StorageFull("write: No space left on device");
    if (failing) throw std::runtime_error("store unreachable");
    local_.PutFile(key, file, type);
  }
  void PutText(const std::string& key, const std::string& body, const std::string& type) override {
    local_.PutText(key, body, type);
  }
  std::optional<std::uint64_t> SizeOf(const std::string& key) override { return local_.SizeOf(key); }
  std::optional<Location> Locate(const std::string& key) override { return local_.Locate(key); }

  std::atomic<int> puts{0};
  std::atomic<bool> failing{false};
  std::atomic<bool> full{false};

 private:
  LocalStorage local_;
};

class PipelineTest : public test::RedisTest {
 protected:
  PipelineTest() {
    fs::create_directories(hls_ / "live");
    redis().Hset(keys::kSrsDvrPatterns, "all", "true");
  }

  // A segment SRS just closed, as its on_hls describes it.
  SegmentEvent Segment(int seq, const std::string& stream = "livestream", std::size_t bytes = 1000) {
    const std::string name = stream + "-" + std::to_string(seq) + ".ts";
    std::ofstream(hls_ / "live" / name) << std::string(bytes, static_cast<char>('a' + seq % 26));
    SegmentEvent event{.vhost = "__defaultVhost__", .app = "live", .stream = stream,
                       .file = "./html/live/" + name, .url = "live/" + name,
                       .m3u8_url = "live/" + stream + ".m3u8", .duration = 2.0 + seq / 1000.0, .seqno = seq};
    event.params = {{"action", "on_hls"}, {"vhost", event.vhost}, {"app", "live"}, {"stream", stream}};
    return event;
  }

  Json Local(const std::string& m3u8_url = "live/livestream.m3u8") {
    return Json::parse(redis().Hget(keys::kSrsDvrM3u8Local, m3u8_url).value_or("null"));
  }

  test::TempDir dir_;
  const fs::path hls_ = fs::path(dir_.path()) / "html";
  const HlsFolder folder_{.root = hls_, .engine_dir = dir_.path()};
  CountingStorage storage_{fs::path(dir_.path()) / "record"};
  DvrTarget target_{storage_};
  Staging staging_{fs::path(dir_.path()) / "staging/dvr", 1 << 20};
  Staging vod_staging_{fs::path(dir_.path()) / "staging/vod", 1 << 20};
  PipelineOptions options_{.session_idle = 3600s, .poll = 50ms, .lease = 5000ms, .max_attempts = 3,
                           .retry_base = 0ms, .retry_cap = 0ms};
  Pipeline dvr_{redis(), kDvrKeys, staging_, &target_, options_};
  Pipeline vod_{redis(), kVodKeys, vod_staging_, nullptr, options_};
  HlsApi hls_api_{redis(), folder_, dvr_, vod_, {}};
};

TEST_F(PipelineTest, SegmentsReachTheStoreAndTheFinishedSessionGetsItsPlaylist) {
  for (int seq = 0; seq < 3; ++seq) hls_api_.Ingest(Segment(seq), folder_);
  EXPECT_EQ(staging_.backlog().files, 3u);
  EXPECT_EQ(Local()["files"].size(), 3u);
  const std::string uuid = Local()["uuid"];
  EXPECT_EQ(Json::parse(*redis().Hget(keys::kSrsDvrPatterns, "live/livestream.m3u8"))["dvr"], "task_created");
  EXPECT_EQ(Json::parse(*redis().Hget(keys::kSrsVodPatterns, "live/livestream.m3u8"))["vod"], "ignore");

  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 3);
  EXPECT_EQ(Local()["files"].size(), 0u);
  EXPECT_EQ(staging_.backlog().files, 0u);
  Json metadata = Json::parse(*redis().Hget(keys::kSrsDvrM3u8Metadata, uuid));
  EXPECT_EQ(metadata["nn"], 3);
  EXPECT_EQ(metadata["storage"], "local");
  EXPECT_EQ(metadata["app"], "live");
  EXPECT_EQ(metadata["progress"], true);
  for (const Json& file : metadata["files"]) {
    EXPECT_EQ(storage_.SizeOf(file["key"]), 1000u);
    EXPECT_EQ(file["key"], uuid + "/" + file["tsid"].get<std::string>() + ".ts");
  }
  EXPECT_EQ(metadata["files"][1]["seqno"], 1);
  EXPECT_EQ(Json::parse(*redis().Hget(keys::kSrsDvrM3u8Uploaded, uuid))["nn"], 3);

  // Not idle yet: the session stays open.
  dvr_.RunOnce();
  EXPECT_TRUE(redis().Hget(keys::kSrsDvrM3u8Active, "live/livestream.m3u8"));
  // Idle: closed, the playlist written next to the segments, the metadata finished. (Stopping
  // releases the session's lease for the next owner.)
  dvr_.Stop();
  Pipeline quick(redis(), kDvrKeys, staging_, &target_, {.session_idle = 0s});
  quick.RunOnce();
  EXPECT_FALSE(redis().Hget(keys::kSrsDvrM3u8Active, "live/livestream.m3u8"));
  EXPECT_EQ(redis().Hlen("SRS_DVR_M3U8_FINISHING"), 0);
  metadata = Json::parse(*redis().Hget(keys::kSrsDvrM3u8Metadata, uuid));
  EXPECT_EQ(metadata["progress"], false);
  EXPECT_TRUE(metadata["done"].is_string());
  std::ifstream playlist(fs::path(dir_.path()) / "record" / uuid / "index.m3u8");
  const std::string body((std::istreambuf_iterator<char>(playlist)), {});
  EXPECT_EQ(body, BuildVodM3u8(metadata, false).body);
  EXPECT_NE(body.find("#EXTINF:2.00, no desc\n" + metadata["files"][0]["tsid"].get<std::string>() + ".ts"),
            std::string::npos) << body;
  EXPECT_TRUE(Local()["done"].is_string());

  // The next segment opens a new session; the history keeps both.
  hls_api_.Ingest(Segment(3), folder_);
  EXPECT_NE(Local()["uuid"], uuid);
  EXPECT_EQ(Local()["uuids"].size(), 2u);
  EXPECT_TRUE(Local()["done"].is_null());
}

TEST_F(PipelineTest, FailedUploadsBackOffThenParkWithoutLosingTheFile) {
  storage_.failing = true;
  hls_api_.Ingest(Segment(0), folder_);
  dvr_.RunOnce();
  EXPECT_EQ(Local()["files"][0]["attempts"], 1);
  EXPECT_TRUE(Local()["files"][0].contains("retry_at"));
  dvr_.RunOnce();
  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 3);
  // Parked after max_attempts: out of the queue, kept on disk and counted.
  EXPECT_EQ(Local()["files"].size(), 0u);
  ASSERT_EQ(Local()["failed"].size(), 1u);
  EXPECT_TRUE(fs::exists(Local()["failed"][0]["tsfile"].get<std::string>()));
  EXPECT_EQ(staging_.backlog().files, 1u);
  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 3) << "a parked segment is not retried forever";
}

TEST_F(PipelineTest, AFullStoreHoldsTheSegmentInsteadOfParkingIt) {
  storage_.full = true;
  hls_api_.Ingest(Segment(0), folder_);
  for (int pass = 0; pass < 5; ++pass) dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 5);
  ASSERT_EQ(Local()["files"].size(), 1u) << "parked although only the store was full";
  EXPECT_EQ(Local()["files"][0]["attempts"], 5);
  EXPECT_FALSE(Local().contains("failed"));
  storage_.full = false;
  dvr_.RunOnce();
  EXPECT_EQ(Local()["files"].size(), 0u);
  EXPECT_EQ(staging_.backlog().files, 0u);
}

TEST(OutOfSpaceTest, KnowsTheErrorsOfAFullDisk) {
  EXPECT_TRUE(IsOutOfSpace(StorageFull("full")));
  EXPECT_TRUE(IsOutOfSpace(std::system_error(ENOSPC, std::generic_category(), "copy")));
  EXPECT_TRUE(IsOutOfSpace(std::system_error(EDQUOT, std::system_category(), "copy")));
  EXPECT_TRUE(
      IsOutOfSpace(fs::filesystem_error("copy", std::make_error_code(std::errc::no_space_on_device))));
  EXPECT_FALSE(IsOutOfSpace(std::system_error(EIO, std::generic_category(), "copy")));
  EXPECT_FALSE(IsOutOfSpace(std::runtime_error("No space left on device")));
}

TEST_F(PipelineTest, BackOffDelaysTheNextAttempt) {
  Pipeline slow(redis(), kDvrKeys, staging_, &target_, {.max_attempts = 5, .retry_base = 60'000ms});
  storage_.failing = true;
  hls_api_.Ingest(Segment(0), folder_);
  slow.RunOnce();
  slow.RunOnce();
  EXPECT_EQ(storage_.puts, 1) << "retried before its back-off ended";
  const std::int64_t retry_at = Local()["files"][0]["retry_at"];
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(retry_at, now + 50'000);
}

TEST_F(PipelineTest, AnUploadThatCompletedBeforeACrashIsNotSentAgain) {
  hls_api_.Ingest(Segment(0), folder_);
  const Json entry = Local()["files"][0];
  const std::string key = entry["uuid"].get<std::string>() + "/" + entry["tsid"].get<std::string>() + ".ts";
  // The crashed run: attempts raised, the object stored, then killed before the dequeue.
  dvr_.store().UpdateQueued("live/livestream.m3u8", entry["tsid"], [](Json& e) { e["attempts"] = 1; });
  LocalStorage(fs::path(dir_.path()) / "record").PutFile(key, entry["tsfile"].get<std::string>(), "video/MP2T");
  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 0);
  EXPECT_EQ(Local()["files"].size(), 0u);
  EXPECT_EQ(Json::parse(*redis().Hget(keys::kSrsDvrM3u8Metadata, entry["uuid"].get<std::string>()))["nn"], 1);
}

TEST_F(PipelineTest, AnUploadCutShortBeforeACrashIsSentAgain) {
  hls_api_.Ingest(Segment(0, "livestream", 4000), folder_);
  const Json entry = Local()["files"][0];
  dvr_.store().UpdateQueued("live/livestream.m3u8", entry["tsid"], [](Json& e) { e["attempts"] = 1; });
  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 1);
  EXPECT_EQ(Local()["files"].size(), 0u);
}

TEST_F(PipelineTest, ConcurrentIntakeAndUploadsLoseNoSegment) {
  std::vector<SegmentEvent> events;
  for (int seq = 0; seq < 60; ++seq) events.push_back(Segment(seq, "s" + std::to_string(seq % 2)));
  std::atomic<bool> done{false};
  std::thread uploader([&] {
    while (!done) dvr_.RunOnce();
  });
  std::vector<std::thread> engines;
  for (int t = 0; t < 3; ++t) {
    engines.emplace_back([&, t] {
      for (std::size_t i = t; i < events.size(); i += 3) hls_api_.Ingest(events[i], folder_);
    });
  }
  for (auto& engine : engines) engine.join();
  done = true;
  uploader.join();
  dvr_.RunOnce();
  int recorded = 0;
  for (const auto& [uuid, text] : redis().Hgetall(keys::kSrsDvrM3u8Metadata)) recorded += Json::parse(text)["nn"].get<int>();
  EXPECT_EQ(recorded, 60);
  EXPECT_EQ(storage_.puts, 60);
  EXPECT_EQ(staging_.backlog().files, 0u);
}

TEST_F(PipelineTest, OneOwnerPerSession) {
  CountingStorage other_storage{fs::path(dir_.path()) / "record"};
  DvrTarget other_target{other_storage};
  Pipeline other(redis(), kDvrKeys, staging_, &other_target, options_);
  hls_api_.Ingest(Segment(0), folder_);
  // `other` takes the session first and stops before uploading (its store is down).
  other_storage.failing = true;
  other.RunOnce();
  EXPECT_EQ(other_storage.puts, 1);
  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 0) << "a session leased by another process was touched";
  // Once the owner stops, its leases are released and the session moves on.
  other.Start();
  other.Stop();
  dvr_.RunOnce();
  EXPECT_EQ(storage_.puts, 1);
}

TEST_F(PipelineTest, StagingLimitRefusesSegmentsAndCountsThem) {
  Staging tiny(fs::path(dir_.path()) / "tiny", 1500);
  Pipeline limited(redis(), kDvrKeys, tiny, &target_, options_);
  HlsApi api(redis(), folder_, limited, vod_, {});
  api.Ingest(Segment(0), folder_);
  api.Ingest(Segment(1), folder_);
  EXPECT_EQ(tiny.backlog().files, 1u);
  EXPECT_EQ(tiny.backlog().refused, 1u);
  EXPECT_EQ(Local()["files"].size(), 1u);
  EXPECT_EQ(Json::parse(*redis().Hget(keys::kSrsDvrPatterns, "live/livestream.m3u8"))["dvr"], "ignore");
}

TEST_F(PipelineTest, StagingSweepRemovesOnlyUnqueuedDebris) {
  hls_api_.Ingest(Segment(0), folder_);
  std::ofstream(staging_.dir() / "orphan.ts") << "x";
  std::ofstream(staging_.dir() / "cut.ts.part") << "x";
  staging_.Sweep({Local()["files"][0]["tsid"].get<std::string>()}, 0s);
  EXPECT_FALSE(fs::exists(staging_.dir() / "orphan.ts"));
  EXPECT_FALSE(fs::exists(staging_.dir() / "cut.ts.part"));
  EXPECT_TRUE(fs::exists(Local()["files"][0]["tsfile"].get<std::string>()));
  EXPECT_EQ(staging_.backlog().files, 1u);
}

TEST_F(PipelineTest, ActiveSessionWithoutQueueIsDropped) {
  redis().Hset(keys::kSrsDvrM3u8Active, "live/ghost.m3u8", R"({"update":"2022-04-01T08:00:00+00:00","uuid":"u"})");
  dvr_.RunOnce();
  EXPECT_FALSE(redis().Hget(keys::kSrsDvrM3u8Active, "live/ghost.m3u8"));
}

TEST_F(PipelineTest, RecordingOffStagesNothing) {
  redis().Hset(keys::kSrsDvrPatterns, "all", "false");
  hls_api_.Ingest(Segment(0), folder_);
  EXPECT_EQ(staging_.backlog().files, 0u);
  EXPECT_FALSE(redis().Hget(keys::kSrsDvrM3u8Local, "live/livestream.m3u8"));
  EXPECT_EQ(Json::parse(*redis().Hget(keys::kSrsDvrPatterns, "live/livestream.m3u8"))["dvr"], "ignore");
}

}  // namespace
}  // namespace sc::hooks
