// The fault suite (issue 9), recording part: the real srs-cloud-hooks recording through the real
// srs/hls callback while its disk fills up, and while its Redis restarts. Bounded in time; on
// loopback; the disk is a small tmpfs the test mounts (it skips, saying why, where it cannot).
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/auth/jwt.hpp"
#include "common/redis/keys.hpp"
#include "hooks/m3u8.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/wait.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
namespace keys = redis::keys;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kM3u8Url = "live/livestream.m3u8";
constexpr std::string_view kApiSecret = "srs-v1-0123456789abcdef0123456789abcdef";

using test::WaitUntil;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A small tmpfs mounted on `path` for one test (the suite runs as root); unmounted when done.
class Tmpfs {
 public:
  Tmpfs(fs::path path, std::uint64_t bytes) : path_(std::move(path)) {
    fs::create_directories(path_);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0755";
    if (::mount("tmpfs", path_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      error_ = std::string("mount -t tmpfs on ") + path_.string() + ": " + std::strerror(errno);
    }
  }
  ~Tmpfs() {
    if (error_.empty()) ::umount2(path_.c_str(), MNT_DETACH);
  }
  const std::string& error() const { return error_; }  // empty when mounted
  const fs::path& path() const { return path_; }

  std::uint64_t Free() const {
    struct statvfs stat {};
    ::statvfs(path_.c_str(), &stat);
    return static_cast<std::uint64_t>(stat.f_bavail) * stat.f_frsize;
  }
  // Writes `file` until at most `room` bytes stay free (0: until the disk refuses).
  void FillLeaving(const fs::path& file, std::uint64_t room) const {
    const std::uint64_t free = Free();
    std::uint64_t left = free > room ? free - room : 0;
    std::ofstream out(file, std::ios::binary);
    const std::string chunk(64 * 1024, 'F');
    while (left > 0 && out) {
      const std::size_t size =
          static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
      out.write(chunk.data(), static_cast<std::streamsize>(size));
      left -= size;
    }
    out.flush();
  }

 private:
  fs::path path_;
  std::string error_{};
};

// The real hooks daemon with local-disk DVR, fed by the srs/hls callback as SRS feeds it.
class RecordingFaultTest : public ::testing::Test {
 protected:
  explicit RecordingFaultTest(
      test::RedisServer::Persistence persistence = test::RedisServer::Persistence::kNone)
      : redis_server_(persistence), redis_(redis_server_.options()) {
    fs::create_directories(hls_ / "live");
    redis_.Hset(keys::kSrsDvrPatterns, "all", "true");
  }
  ~RecordingFaultTest() override {
    if (daemon_) daemon_->Stop(5s);
  }

  // `record`: DVR_LOCAL_DIR; `staging`: HOOKS_STAGING_DIR (empty: the defaults under the home).
  void StartDaemon(const fs::path& record, const fs::path& staging = {}) {
    record_ = record;
    staging_ = (staging.empty() ? fs::path(home_.path()) / "containers/data" : staging) / "dvr";
    test::EnvList env{{"SRS_CLOUD_HOME", home_.path()},
                      {"HOOKS_PORT", std::to_string(port_)},
                      {"REDIS_PORT", std::to_string(redis_server_.port())},
                      {"REDIS_PASSWORD", redis_server_.password()},
                      {"SRS_PLATFORM_SECRET", std::string(kApiSecret)},
                      {"DVR_STORAGE", "local"},
                      {"DVR_LOCAL_DIR", record.string()},
                      {"HOOKS_WORKER_POLL_MS", "100"},
                      {"HOOKS_RETRY_BASE_MS", "200"},
                      {"HOOKS_RETRY_CAP_MS", "1000"},
                      // Few: a full disk must not use them up (a held segment is never parked).
                      {"HOOKS_UPLOAD_MAX_ATTEMPTS", "3"},
                      {"HOOKS_SESSION_IDLE_SECONDS", "5"},  // room for the steps between segments
                      {"HOOKS_RECONCILE_SECONDS", "0"}};
    if (!staging.empty()) env.emplace_back("HOOKS_STAGING_DIR", staging.string());
    daemon_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::BinaryPath("srs-cloud-hooks")}, env,
        home_.path() + "/hooks.log");
    daemon_->Start();
    ASSERT_TRUE(test::WaitForHttp(port_, "/terraform/v1/hooks/versions", 10s))
        << daemon_->ReadLog();
  }

  // What SRS writes for segment `seq`: distinct bytes per segment, so a mix-up shows.
  static std::string SegmentBytes(int seq) {
    std::string bytes(200'000 + seq, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i)
      bytes[i] = static_cast<char>((i * 7 + seq * 13) % 251);
    return bytes;
  }

  // SRS closes segment `seq`: the file where SRS writes it, then its on_hls.
  http::ClientResponse SrsClosesSegment(int seq) {
    const std::string name = "livestream-" + std::to_string(seq) + ".ts";
    std::ofstream(hls_ / "live" / name, std::ios::binary) << SegmentBytes(seq);
    const Json body = {{"action", "on_hls"},
                       {"vhost", "__defaultVhost__"},
                       {"app", "live"},
                       {"stream", "livestream"},
                       {"param", ""},
                       {"duration", 2.0 + seq / 100.0},
                       {"cwd", "/usr/local/srs"},
                       {"file", "./objs/nginx/html/live/" + name},
                       {"url", "live/" + name},
                       {"m3u8", "./objs/nginx/html/live/livestream.m3u8"},
                       {"m3u8_url", std::string(kM3u8Url)},
                       {"seq_no", seq}};
    return test::PostJson(port_, "/terraform/v1/hooks/srs/hls", body.dump());
  }

  Json Sessions() {
    Json sessions = Json::array();
    for (const auto& [uuid, text] : redis_.Hgetall(keys::kSrsDvrM3u8Metadata))
      sessions.push_back(Json::parse(text));
    return sessions;
  }
  Json Local() { return Json::parse(redis_.Hget(keys::kSrsDvrM3u8Local, kM3u8Url).value_or("{}")); }
  Json Backlog() {
    const std::string token = auth::CreateToken(kApiSecret, std::chrono::system_clock::now()).token;
    const auto answer =
        test::PostJson(port_, "/terraform/v1/hooks/dvr/query", Json{{"token", token}}.dump());
    return Json::parse(answer.body)["data"]["backlog"];
  }
  std::string Log() const { return daemon_->ReadLog(); }

  // Every session closed and written: none active, the queue empty, each metadata finished.
  bool AllFinished() {
    const Json sessions = Sessions();
    if (sessions.empty() || redis_.Hlen(keys::kSrsDvrM3u8Active) != 0) return false;
    for (const Json& session : sessions) {
      if (session["progress"] != false) return false;
    }
    return Local()["files"].empty();
  }

  // The recording as a player gets it: each session's playlist is the one its metadata makes,
  // each listed segment holds exactly the bytes SRS wrote. Returns seqno -> times recorded.
  std::map<int, int> CheckRecording() {
    std::map<int, int> recorded;
    for (const Json& session : Sessions()) {
      const std::string uuid = session["uuid"];
      EXPECT_EQ(ReadFile(record_ / uuid / "index.m3u8"), BuildVodM3u8(session, false).body) << uuid;
      for (const Json& file : session["files"]) {
        const int seq = file["seqno"];
        ++recorded[seq];
        EXPECT_EQ(file["key"], uuid + "/" + file["tsid"].get<std::string>() + ".ts");
        EXPECT_TRUE(ReadFile(record_ / file["key"].get<std::string>()) == SegmentBytes(seq))
            << "segment " << seq << " stored with other bytes";
      }
    }
    return recorded;
  }

  // Nothing partial or unlisted in the recording folder: only index.m3u8 and listed segments.
  void ExpectNoDebrisIn(const fs::path& folder) {
    std::set<std::string> listed;
    for (const Json& session : Sessions()) {
      for (const Json& file : session["files"]) listed.insert(file["key"].get<std::string>());
    }
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      const std::string key = fs::relative(entry.path(), folder).string();
      EXPECT_TRUE(listed.contains(key) || entry.path().filename() == "index.m3u8")
          << "stray or partial file in the recording folder: " << key;
    }
  }

  static std::size_t FilesIn(const fs::path& folder) {
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(folder)) files += entry.is_regular_file();
    return files;
  }

  test::RedisServer redis_server_;
  redis::Client redis_;
  test::TempDir home_;
  const fs::path hls_ = fs::path(home_.path()) / "containers/objs/nginx/html";
  const std::uint16_t port_ = test::FreePort();
  fs::path record_{};
  fs::path staging_{};
  std::unique_ptr<test::ChildProcess> daemon_{};
};

// The recording folder (DVR_LOCAL_DIR) fills up: the daemon says so, holds every queued segment
// in order with a bounded back-off (never parks it, whatever HOOKS_UPLOAD_MAX_ATTEMPTS says),
// leaves nothing partial, and once room returns every held segment lands.
TEST_F(RecordingFaultTest, RecordFolderFullHoldsTheBacklogUntilRoomReturns) {
  const Tmpfs disk(fs::path(home_.path()) / "disk", 4 << 20);
  if (!disk.error().empty()) GTEST_SKIP() << "needs a tmpfs to fill (root in CI): " << disk.error();
  StartDaemon(disk.path() / "record");

  ASSERT_EQ(SrsClosesSegment(0).body, R"({"code":0})");
  ASSERT_TRUE(WaitUntil(
      [&] { return Local()["files"].empty() && Sessions().size() == 1 && FilesIn(staging_) == 0; },
      10s))
      << Log();
  EXPECT_EQ(Backlog()["segments"], 0);

  disk.FillLeaving(disk.path() / "filler", 0);
  ASSERT_LT(disk.Free(), 200'000u);
  for (int seq = 1; seq <= 4; ++seq) ASSERT_EQ(SrsClosesSegment(seq).body, R"({"code":0})");

  // Visible: the log names the cause, the queue and the backlog figure hold all four.
  Json held;
  ASSERT_TRUE(WaitUntil(
      [&] {
        held = Local()["files"];
        return held.size() == 4 && held[0].value("attempts", 0) >= 3;
      },
      15s))
      << held.dump() << Log();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(held[i]["seqno"], i + 1) << "the queue keeps segment order";
    if (i > 0) {
      EXPECT_EQ(held[i].value("attempts", 0), 0) << "only the head is tried";
    }
  }
  EXPECT_FALSE(Local().contains("failed") && !Local()["failed"].empty())
      << "a held segment was parked";
  const Json backlog = Backlog();
  EXPECT_EQ(backlog["segments"], 4) << backlog.dump();
  EXPECT_EQ(backlog["failed"], 0) << backlog.dump();
  const std::string log = Log();
  EXPECT_NE(log.find("no room in the local store"), std::string::npos) << log;
  EXPECT_NE(log.find("No space left on device"), std::string::npos) << log;
  ExpectNoDebrisIn(record_);

  // Bounded retries: the next attempts wait for their back-off (800 ms, then 1000 ms) instead
  // of coming every poll (100 ms).
  const int seen = Local()["files"][0].value("attempts", 0);
  const auto since = Clock::now();
  ASSERT_TRUE(WaitUntil([&] { return Local()["files"][0].value("attempts", 0) >= seen + 2; }, 10s))
      << Log();
  EXPECT_GE(Clock::now() - since, 800ms) << "retries without back-off";
  EXPECT_TRUE(test::IsRunning(daemon_->pid())) << Log();

  fs::remove(disk.path() / "filler");
  ASSERT_TRUE(WaitUntil([&] { return AllFinished(); }, 30s)) << Local().dump() << Log();
  const auto recorded = CheckRecording();
  EXPECT_EQ(recorded, (std::map<int, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 1}}));
  ASSERT_EQ(Sessions().size(), 1u);
  EXPECT_EQ(Sessions()[0]["nn"], 5);
  ExpectNoDebrisIn(record_);
  EXPECT_EQ(FilesIn(staging_), 0u) << "staging not cleaned";
  EXPECT_EQ(daemon_->Stop(5s), 0);
}

// The disk fills up just as a session ends: its playlist cannot be written. The session stays
// listed as finishing (its metadata in progress), no partial playlist is left, and the playlist
// is written once room returns.
TEST_F(RecordingFaultTest, RecordFolderFullAtSessionEndHoldsThePlaylistUntilRoomReturns) {
  const Tmpfs disk(fs::path(home_.path()) / "disk", 4 << 20);
  if (!disk.error().empty()) GTEST_SKIP() << "needs a tmpfs to fill (root in CI): " << disk.error();
  StartDaemon(disk.path() / "record");

  for (int seq = 0; seq < 2; ++seq) ASSERT_EQ(SrsClosesSegment(seq).body, R"({"code":0})");
  ASSERT_TRUE(WaitUntil([&] { return Local()["files"].empty() && Sessions().size() == 1; }, 10s))
      << Log();
  disk.FillLeaving(disk.path() / "filler", 0);  // within the 5 s the session stays open

  const std::string uuid = Sessions()[0]["uuid"];
  ASSERT_TRUE(WaitUntil(
      [&] {
        return redis_.Hget("SRS_DVR_M3U8_FINISHING", uuid) &&
               Log().find("index.m3u8") != std::string::npos;
      },
      15s))
      << Log();
  EXPECT_NE(Log().find("No space left on device"), std::string::npos) << Log();
  EXPECT_EQ(Sessions()[0]["progress"], true);
  EXPECT_FALSE(fs::exists(record_ / uuid / "index.m3u8"));
  ExpectNoDebrisIn(record_);
  EXPECT_TRUE(test::IsRunning(daemon_->pid())) << Log();

  fs::remove(disk.path() / "filler");
  ASSERT_TRUE(WaitUntil([&] { return AllFinished(); }, 30s)) << Log();
  EXPECT_FALSE(redis_.Hget("SRS_DVR_M3U8_FINISHING", uuid));
  EXPECT_EQ(CheckRecording(), (std::map<int, int>{{0, 1}, {1, 1}}));
  ExpectNoDebrisIn(record_);
  EXPECT_EQ(daemon_->Stop(5s), 0);
}

// The default layout: staging and recording on one disk, which fills up. A segment already staged
// is held as above; a segment that cannot even be staged is the documented loss: answered
// {"code":0} (SRS does not resend an on_hls), tagged "ignore", counted as refused in dvr/query
// and logged with the cause - and no partial copy stays in staging.
TEST_F(RecordingFaultTest, SharedDiskFullRefusesNewSegmentsVisiblyAndHoldsTheQueued) {
  const Tmpfs disk(fs::path(home_.path()) / "disk", 4 << 20);
  if (!disk.error().empty()) GTEST_SKIP() << "needs a tmpfs to fill (root in CI): " << disk.error();
  StartDaemon(disk.path() / "record", disk.path());

  ASSERT_EQ(SrsClosesSegment(0).body, R"({"code":0})");
  ASSERT_TRUE(WaitUntil([&] { return Local()["files"].empty() && Sessions().size() == 1; }, 10s))
      << Log();

  // Room for one staged copy (200 kB) but not for it and its upload, nor a second copy.
  disk.FillLeaving(disk.path() / "filler", 300'000);
  ASSERT_EQ(SrsClosesSegment(1).body, R"({"code":0})");
  ASSERT_TRUE(WaitUntil(
      [&] { return Local()["files"].size() == 1 && Local()["files"][0].value("attempts", 0) >= 1; },
      10s))
      << Log();
  ASSERT_EQ(SrsClosesSegment(2).body, R"({"code":0})");
  EXPECT_EQ(Json::parse(redis_.Hget(keys::kSrsDvrPatterns, kM3u8Url).value_or("{}"))["dvr"],
            "ignore");
  const Json backlog = Backlog();
  EXPECT_EQ(backlog["refused"], 1) << backlog.dump();
  EXPECT_EQ(backlog["segments"], 1) << backlog.dump();
  EXPECT_EQ(backlog["failed"], 0) << backlog.dump();
  ASSERT_EQ(Local()["files"].size(), 1u);
  EXPECT_EQ(Local()["files"][0]["seqno"], 1);
  const std::string log = Log();
  const std::size_t refusal = log.find(
      "cannot stage ./objs/nginx/html/live/livestream-2.ts, segment live/livestream-2.ts not "
      "recorded");
  ASSERT_NE(refusal, std::string::npos) << log;
  const std::string line = log.substr(refusal, log.find('\n', refusal) - refusal);
  EXPECT_NE(line.find("No space left on device"), std::string::npos) << line;
  for (const auto& entry : fs::directory_iterator(staging_)) {
    EXPECT_TRUE(entry.path().extension() == ".ts")
        << "partial copy left in staging: " << entry.path();
  }
  EXPECT_EQ(FilesIn(staging_), 1u);
  ExpectNoDebrisIn(record_);

  fs::remove(disk.path() / "filler");
  ASSERT_TRUE(WaitUntil([&] { return Local()["files"].empty(); }, 15s)) << Log();
  ASSERT_EQ(SrsClosesSegment(3).body, R"({"code":0})");
  ASSERT_TRUE(WaitUntil([&] { return AllFinished(); }, 30s)) << Local().dump() << Log();
  EXPECT_EQ(CheckRecording(), (std::map<int, int>{{0, 1}, {1, 1}, {3, 1}}));
  ExpectNoDebrisIn(record_);
  EXPECT_EQ(FilesIn(staging_), 0u);
  EXPECT_EQ(daemon_->Stop(5s), 0);
}

class RecordingRedisRestartTest : public RecordingFaultTest {
 protected:
  // Persisted as auto/redis_start runs it (appendonly), so the restart keeps the queue.
  RecordingRedisRestartTest() : RecordingFaultTest(test::RedisServer::Persistence::kAppendOnly) {}
};

// Redis stops and starts again (same port, same data) while SRS keeps closing segments. Every
// segment answered {"code":0} - before, during, after - ends up in the recording exactly once;
// a callback that arrives while Redis is away is answered with error 1007 at once (the segment
// is not taken; SRS logs the failure) and is recorded at most once; nothing is recorded twice.
TEST_F(RecordingRedisRestartTest, RedisRestartedWhileRecordingLosesNoAcceptedSegment) {
  StartDaemon(fs::path(home_.path()) / "record");
  struct Answer {
    long status = 0;
    Json body{};
    std::chrono::milliseconds took{};
  };
  std::mutex mutex;
  std::map<int, Answer> answers;  // guarded by mutex
  std::atomic<bool> stop{false};
  std::thread srs([&] {
    for (int seq = 0; !stop; ++seq) {
      const auto started = Clock::now();
      Answer answer;
      try {
        const auto response = SrsClosesSegment(seq);
        answer.status = response.status;
        answer.body = Json::parse(response.body, nullptr, false);
      } catch (const std::exception&) {
        answer.status = -1;  // no answer at all: the test fails below
      }
      answer.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      {
        std::lock_guard lock(mutex);
        answers[seq] = answer;
      }
      std::this_thread::sleep_for(50ms);
    }
  });
  const auto count = [&](auto predicate) {
    std::lock_guard lock(mutex);
    return std::count_if(answers.begin(), answers.end(),
                         [&](const auto& kv) { return predicate(kv.second); });
  };
  const auto accepted = [](const Answer& answer) {
    return answer.status == 200 && answer.body == Json{{"code", 0}};
  };

  const bool flowing = WaitUntil([&] { return count(accepted) >= 8; }, 15s);
  redis_server_.Stop();
  const bool refused =
      WaitUntil([&] { return count([](const Answer& a) { return a.status != 200; }) >= 3; }, 15s);
  redis_server_.Start();
  const auto back = count([](const Answer&) { return true; });
  const bool resumed = WaitUntil(
      [&] {
        std::lock_guard lock(mutex);
        return std::count_if(answers.begin(), answers.end(), [&](const auto& kv) {
                 return kv.first >= back && accepted(kv.second);
               }) >= 8;
      },
      20s);
  stop = true;
  srs.join();
  ASSERT_TRUE(flowing && refused && resumed) << Log();

  std::set<int> taken, failed;
  for (const auto& [seq, answer] : answers) {
    if (accepted(answer)) {
      taken.insert(seq);
    } else {
      failed.insert(seq);
      EXPECT_EQ(answer.status, 500) << "segment " << seq << ": " << answer.body.dump();
      EXPECT_EQ(answer.body.value("code", 0), 1007)
          << "segment " << seq << ": " << answer.body.dump();
    }
    EXPECT_LT(answer.took, 5s) << "segment " << seq << " waited for Redis";
  }
  ASSERT_TRUE(WaitUntil([&] { return AllFinished(); }, 30s)) << Local().dump() << Log();
  const auto recorded = CheckRecording();
  for (const int seq : taken)
    EXPECT_EQ(recorded.contains(seq) ? recorded.at(seq) : 0, 1) << "accepted segment " << seq;
  for (const auto& [seq, times] : recorded) {
    EXPECT_EQ(times, 1) << "segment " << seq << " recorded " << times << " times";
    EXPECT_TRUE(taken.contains(seq) || failed.contains(seq))
        << "segment " << seq << " was never sent";
  }
  ExpectNoDebrisIn(record_);
  EXPECT_LE(FilesIn(staging_), failed.size()) << "staged copies beyond the callbacks that failed";
  std::cout << "redis restart: " << taken.size() << " segments accepted, " << failed.size()
            << " answered 1007, " << recorded.size() << " recorded in " << Sessions().size()
            << " session(s)\n";
  EXPECT_TRUE(test::IsRunning(daemon_->pid()));
  EXPECT_EQ(daemon_->Stop(5s), 0);
}

}  // namespace
}  // namespace sc::hooks
