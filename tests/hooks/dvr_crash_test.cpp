#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <map>
#include <thread>

#include "common/auth/digest.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/redis/keys.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
namespace keys = redis::keys;
using namespace std::chrono_literals;

// A stand-in for S3 (the internet service), on loopback: PUT and HEAD of objects in memory. It
// checks the SigV4 payload hash, counts the uploads that completed per key, and can hold the
// response to one PUT - with the object already stored (the upload completed but the uploader
// never heard so) or not (the upload is cut off) - while the test kills the uploader.
class S3StandIn {
 public:
  enum class Hold { kNone, kAfterStoring, kBeforeStoring };

  S3StandIn() {
    router_.Prefix("/bucket", [this](const http::Request& request) { return Handle(request); }, true);
    port_ = server_.Start();
  }
  ~S3StandIn() { Release(); }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Holds the next PUT of a key not stored yet.
  void HoldNextPut(Hold hold) {
    std::lock_guard lock(mutex_);
    hold_ = hold;
    holding_ = false;
  }
  bool WaitUntilHolding(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return holding_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    hold_ = Hold::kNone;
    released_ = true;
    changed_.notify_all();
  }
  std::map<std::string, int> Stored() const {
    std::lock_guard lock(mutex_);
    return stored_;
  }
  int heads() const {
    std::lock_guard lock(mutex_);
    return heads_;
  }
  std::size_t SizeOf(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto it = objects_.find(key);
    return it == objects_.end() ? 0 : it->second.size();
  }

 private:
  http::Response Handle(const http::Request& request) {
    const std::string key = request.path.substr(std::string("/bucket/").size());
    std::unique_lock lock(mutex_);
    if (!request.headers.Get("Authorization").value_or("").starts_with("AWS4-HMAC-SHA256 Credential=AKTEST/")) {
      return http::Response::Text(403, "<Error><Code>AccessDenied</Code></Error>");
    }
    if (request.method == "HEAD") {
      ++heads_;
      const auto it = objects_.find(key);
      // Our server answers HEAD with the Content-Length of the body it would send.
      return it == objects_.end() ? http::Response::Text(404, "") : http::Response::Text(200, it->second);
    }
    if (request.method != "PUT") return http::Response::Text(405, "");
    if (request.headers.Get("X-Amz-Content-Sha256") != auth::Sha256Hex(request.body)) {
      return http::Response::Text(400, "<Error><Code>XAmzContentSHA256Mismatch</Code></Error>");
    }
    const Hold hold = objects_.contains(key) ? Hold::kNone : hold_;
    if (hold != Hold::kNone) {
      hold_ = Hold::kNone;
      released_ = false;
      if (hold == Hold::kAfterStoring) Store(key, request.body);
      holding_ = true;
      changed_.notify_all();
      changed_.wait_for(lock, 30s, [this] { return released_; });
      // The uploader is dead by now; what it sent before dying is all that counts.
      return http::Response::Text(200, "");
    }
    Store(key, request.body);
    return http::Response::Text(200, "");
  }
  void Store(const std::string& key, const std::string& body) {
    objects_[key] = body;
    ++stored_[key];
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Hold hold_ = Hold::kNone;       // guarded by mutex_
  bool holding_ = false;          // guarded by mutex_
  bool released_ = false;         // guarded by mutex_
  std::map<std::string, std::string> objects_{};  // guarded by mutex_
  std::map<std::string, int> stored_{};           // completed uploads per key; guarded by mutex_
  int heads_ = 0;                                 // guarded by mutex_
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 4, .body_limits = {.json = 8 << 20, .form = 8 << 20},
                                 .access_log = false}};
  std::uint16_t port_ = 0;
};

// The real srs-cloud-hooks, killed with SIGKILL in the middle of an upload, twice, then
// restarted: every segment ends up stored exactly once and recorded exactly once.
class DvrCrashTest : public ::testing::Test {
 protected:
  DvrCrashTest() {
    fs::create_directories(hls_ / "live");
    redis_.Command({"HSET", std::string(keys::kSrsDvrPatterns), "all", "true"});
  }

  std::unique_ptr<test::ChildProcess> StartDaemon() {
    auto daemon = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::BinaryPath("srs-cloud-hooks")},
        test::EnvList{{"SRS_CLOUD_HOME", home_.path()},
                      {"HOOKS_PORT", std::to_string(port_)},
                      {"REDIS_PORT", std::to_string(redis_server_.port())},
                      {"REDIS_PASSWORD", redis_server_.password()},
                      {"DVR_STORAGE", "s3"},
                      {"S3_ENDPOINT", s3_.endpoint()},
                      {"S3_BUCKET", "bucket"},
                      {"S3_ACCESS_KEY_ID", "AKTEST"},
                      {"S3_SECRET_ACCESS_KEY", "test-secret"},
                      {"HOOKS_LEASE_MS", "1000"},
                      {"HOOKS_WORKER_POLL_MS", "100"},
                      {"HOOKS_RETRY_BASE_MS", "100"},
                      {"HOOKS_SESSION_IDLE_SECONDS", "2"}},
        home_.path() + "/hooks.log");
    daemon->Start();
    EXPECT_TRUE(test::WaitForHttp(port_, "/terraform/v1/hooks/versions", 10s)) << daemon->ReadLog();
    return daemon;
  }

  // SRS's on_hls for segment `seq`, after writing the segment where SRS would.
  void SrsClosesSegment(int seq) {
    const std::string name = "livestream-" + std::to_string(seq) + ".ts";
    std::ofstream(hls_ / "live" / name) << std::string(150'000 + seq, static_cast<char>('A' + seq));
    const Json body = {{"action", "on_hls"}, {"vhost", "__defaultVhost__"}, {"app", "live"},
                       {"stream", "livestream"}, {"param", "?secret=x"}, {"duration", 2.0},
                       {"cwd", "/usr/local/srs"}, {"file", "./objs/nginx/html/live/" + name},
                       {"url", "live/" + name}, {"m3u8", "./objs/nginx/html/live/livestream.m3u8"},
                       {"m3u8_url", "live/livestream.m3u8"}, {"seq_no", seq}};
    const auto answer = test::PostJson(port_, "/terraform/v1/hooks/srs/hls", body.dump());
    ASSERT_EQ(answer.body, R"({"code":0})");
  }

  Json Metadata() {
    const auto all = redis_.Hgetall(keys::kSrsDvrM3u8Metadata);
    return all.size() == 1 ? Json::parse(all[0].second) : Json();
  }

  test::RedisServer redis_server_;
  redis::Client redis_{redis_server_.options()};
  test::TempDir home_;
  const fs::path hls_ = fs::path(home_.path()) / "containers/objs/nginx/html";
  const std::uint16_t port_ = test::FreePort();
  S3StandIn s3_;
};

TEST_F(DvrCrashTest, KilledMidUploadLosesNothingAndUploadsNothingTwice) {
  auto daemon = StartDaemon();
  for (int seq = 0; seq < 2; ++seq) SrsClosesSegment(seq);

  // Kill 1: the store has the whole object, the daemon never got the answer.
  s3_.HoldNextPut(S3StandIn::Hold::kAfterStoring);
  SrsClosesSegment(2);
  ASSERT_TRUE(s3_.WaitUntilHolding(10s)) << daemon->ReadLog();
  daemon->Signal(SIGKILL);
  ASSERT_TRUE(daemon->Wait(5s));
  s3_.Release();

  daemon = StartDaemon();
  SrsClosesSegment(3);
  // Kill 2: the upload is cut off before the store kept anything.
  s3_.HoldNextPut(S3StandIn::Hold::kBeforeStoring);
  SrsClosesSegment(4);
  ASSERT_TRUE(s3_.WaitUntilHolding(10s)) << daemon->ReadLog();
  daemon->Signal(SIGKILL);
  ASSERT_TRUE(daemon->Wait(5s));
  s3_.Release();

  daemon = StartDaemon();
  SrsClosesSegment(5);
  // Everything uploaded and the session finished (2 s idle).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline &&
         !(Metadata().is_object() && Metadata()["progress"] == false)) {
    std::this_thread::sleep_for(100ms);
  }
  const Json metadata = Metadata();
  ASSERT_TRUE(metadata.is_object()) << daemon->ReadLog();
  ASSERT_EQ(metadata["progress"], false) << daemon->ReadLog();
  ASSERT_EQ(metadata["files"].size(), 6u) << metadata.dump();
  std::set<std::string> tsids;
  for (int seq = 0; seq < 6; ++seq) {
    const Json& file = metadata["files"][seq];
    EXPECT_EQ(file["seqno"], seq) << "upload order is segment order";
    EXPECT_EQ(file["size"], 150'000 + seq);
    EXPECT_EQ(s3_.SizeOf(file["key"]), 150'000u + seq);
    tsids.insert(file["tsid"].get<std::string>());
  }
  EXPECT_EQ(tsids.size(), 6u);
  const auto stored = s3_.Stored();
  EXPECT_EQ(stored.size(), 7u);  // 6 segments + index.m3u8
  for (const auto& [key, times] : stored) EXPECT_EQ(times, 1) << key << " was uploaded " << times << " times";
  EXPECT_GE(s3_.heads(), 2) << "the restarted daemon did not ask the store first";
  const Json local = Json::parse(*redis_.Hget(keys::kSrsDvrM3u8Local, "live/livestream.m3u8"));
  EXPECT_TRUE(local["files"].empty());
  EXPECT_TRUE(local["done"].is_string());
  EXPECT_EQ(local["uuids"].size(), 1u) << "a restart must not split the session";
  EXPECT_TRUE(fs::is_empty(fs::path(home_.path()) / "containers/data/dvr")) << "staging not cleaned";
  const std::string log = daemon->ReadLog();
  EXPECT_NE(log.find("was stored before a restart, not sent again"), std::string::npos) << log;
  EXPECT_EQ(log.find("test-secret"), std::string::npos) << "the S3 secret reached the log";
  EXPECT_EQ(daemon->Stop(5s), 0);
}

}  // namespace
}  // namespace sc::hooks
