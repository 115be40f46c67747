#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <thread>

#include "common/auth/jwt.hpp"
#include "common/auth/random.hpp"
#include "common/redis/keys.hpp"
#include "tests/support/media_stack.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/wait.hpp"

namespace sc::ffmpeg {
namespace {

using namespace std::chrono_literals;
namespace keys = redis::keys;

constexpr char kPublishSecret[] = "pub-secret-5e1a";

using test::WaitUntil;

// ffprobe until it reads at least 10 video packets (the forwarder may still be connecting).
int ProbeUntilFrames(const std::string& url, std::chrono::milliseconds timeout = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int packets = 0;
  while (packets < 10 && std::chrono::steady_clock::now() < deadline) {
    packets = test::ProbeVideoPackets(url, 10s);
    if (packets < 10) std::this_thread::sleep_for(200ms);
  }
  return packets;
}

// The whole forwarding path for real: redis-server, nginx with the RTMP module as the media
// engine and as the targets, ffmpeg publishing a test picture, the hooks daemon keeping the
// live-stream registry from nginx's callbacks, and the built srs-cloud-ffmpeg spawning ffmpeg.
class ForwardStackTest : public ::testing::Test {
 protected:
  ForwardStackTest() { redis_.Set(keys::kSrsSecretPublish, kPublishSecret); }
  ~ForwardStackTest() override {
    if (HasFailure() && daemon_) std::cerr << "--- ffmpeg daemon log\n" << daemon_->ReadLog();
    if (HasFailure() && hooks_) std::cerr << "--- hooks daemon log\n" << hooks_->ReadLog();
  }

  test::EnvList CommonEnv() {
    return {{"REDIS_PORT", std::to_string(redis_server_.port())},
            {"REDIS_PASSWORD", redis_server_.password()},
            {"SRS_PLATFORM_SECRET", api_secret_},
            {"ACCESS_LOG", "false"}};
  }

  void StartHooks() {
    std::filesystem::create_directories(home_.path() + "/hooks");
    test::EnvList env = CommonEnv();
    env.push_back({"HOOKS_PORT", std::to_string(hooks_port_)});
    env.push_back({"SRS_CLOUD_HOME", home_.path() + "/hooks"});
    hooks_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::BinaryPath("srs-cloud-hooks")}, env,
        home_.path() + "/hooks.log");
    hooks_->Start();
    ASSERT_TRUE(test::WaitForHttp(hooks_port_, "/terraform/v1/hooks/versions", 10s))
        << hooks_->ReadLog();
  }
  std::string HooksNotifyUrl() const {
    return "http://127.0.0.1:" + std::to_string(hooks_port_) + "/terraform/v1/hooks/nginx/verify";
  }

  void StartDaemon(std::uint16_t engine_rtmp_port, const test::EnvList& extra = {}) {
    std::filesystem::create_directories(home_.path() + "/ffmpeg");
    test::EnvList env = CommonEnv();
    env.insert(env.end(), {{"FFMPEG_PORT", std::to_string(ffmpeg_port_)},
                           {"SRS_CLOUD_HOME", home_.path() + "/ffmpeg"},
                           {"SRS_RTMP_HOST", "127.0.0.1"},
                           {"SRS_RTMP_PORT", std::to_string(engine_rtmp_port)},
                           {"FORWARD_PERIOD_MS", "250"},
                           {"FORWARD_BACKOFF_INITIAL_MS", "300"},
                           {"FORWARD_BACKOFF_MAX_MS", "2000"},
                           {"FORWARD_NO_PROGRESS_SECONDS", "15"}});
    env.insert(env.end(), extra.begin(), extra.end());
    daemon_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::BinaryPath("srs-cloud-ffmpeg")}, env,
        home_.path() + "/ffmpeg.log");
    daemon_->Start();
    ASSERT_TRUE(test::WaitForHttp(ffmpeg_port_, "/terraform/v1/ffmpeg/versions", 10s))
        << daemon_->ReadLog();
  }

  // What hooks writes on publish (hooks/verify_api.cpp), for tests that need no callbacks.
  void RegisterLive(const std::string& app, const std::string& stream) {
    redis_.Hset(keys::kSrsStreamActive, app + "/" + stream,
                Stringify({{"vhost", "__defaultVhost__"}, {"app", app}, {"stream", stream}}));
  }

  http::ClientResponse Post(const std::string& route, Json body) {
    body["token"] = auth::CreateToken(api_secret_, std::chrono::system_clock::now()).token;
    return test::PostJson(ffmpeg_port_, "/terraform/v1/ffmpeg/" + route, Stringify(body));
  }
  void SetTarget(const std::string& platform, const std::string& server, const std::string& secret,
                 bool enabled) {
    const auto response = Post("forward/secret", {{"action", "update"},
                                                  {"platform", platform},
                                                  {"server", server},
                                                  {"secret", secret},
                                                  {"enabled", enabled}});
    ASSERT_EQ(response.body, R"({"code":0})");
  }

  // The FFmpeg pid the daemon recorded for a task (read for the test only: the daemon itself
  // never signals a pid from Redis).
  std::optional<pid_t> TaskPid(const std::string& key) {
    const Json record =
        Json::parse(redis_.Hget(keys::kSrsForwardStream, key).value_or("{}"), nullptr, false);
    if (!record.is_object() || !record.contains("task") || !record["task"].is_number_integer())
      return std::nullopt;
    return record["task"].get<pid_t>();
  }
  pid_t WaitForTaskPid(const std::string& key, std::optional<pid_t> other_than = std::nullopt) {
    std::optional<pid_t> pid;
    WaitUntil(
        [&] {
          pid = TaskPid(key);
          return pid && pid != other_than && test::ProcessState(*pid) != 0;
        },
        20s);
    return pid.value_or(0);
  }

  test::RedisServer redis_server_;
  redis::Client redis_{redis_server_.options()};
  test::TempDir home_;
  const std::string api_secret_ = "srs-v1-" + auth::RandomHex(16);
  const std::uint16_t hooks_port_ = test::FreePort();
  const std::uint16_t ffmpeg_port_ = test::FreePort();
  std::unique_ptr<test::ChildProcess> hooks_;
  std::unique_ptr<test::ChildProcess> daemon_;
};

TEST_F(ForwardStackTest, ForwardsToTwoTargetsRecoversADeadTargetAndStopsWhenDisabledOrUnpublished) {
  StartHooks();
  test::NginxRtmp engine(
      {{.name = "live", .on_publish = HooksNotifyUrl(), .on_publish_done = HooksNotifyUrl()},
       {.name = "t1"}});
  // The second target on an nginx of its own, so that it can die and come back alone.
  test::NginxRtmp second({{.name = "t2"}});
  StartDaemon(engine.rtmp_port());
  test::TestPublisher publisher(engine.Url("live", "livestream") + "?secret=" + kPublishSecret);
  ASSERT_TRUE(WaitUntil(
      [&] { return redis_.Hget(keys::kSrsStreamActive, "live/livestream").has_value(); }, 15s))
      << "hooks never registered the stream\n"
      << publisher.ReadLog() << engine.ReadLog() << hooks_->ReadLog();

  // An original platform and a custom target, both pushing to real RTMP servers.
  SetTarget("wx", "rtmp://127.0.0.1:" + std::to_string(engine.rtmp_port()) + "/t1", "key-wx-3f9",
            true);
  SetTarget("custom-second", "rtmp://127.0.0.1:" + std::to_string(second.rtmp_port()) + "/t2/",
            "key-c-7b1", true);
  EXPECT_GE(ProbeUntilFrames(engine.Url("t1", "key-wx-3f9")), 10);
  EXPECT_GE(ProbeUntilFrames(second.Url("t2", "key-c-7b1")), 10);
  EXPECT_EQ(redis_.Hget(keys::kSrsForwardMap, "wx"), "live/livestream");

  // forward/streams reports FFmpeg's progress for both.
  ASSERT_TRUE(WaitUntil(
      [&] {
        const Json data = Json::parse(Post("forward/streams", Json::object()).body)["data"];
        int with_frames = 0;
        for (const Json& item : data) {
          if (item["stream"] == "live/livestream" && item["frame"].is_object() &&
              item["frame"]["log"].get<std::string>().starts_with("frame=") &&
              item["frame"]["frames"] > 0) {
            ++with_frames;
          }
        }
        return with_frames == 2;
      },
      15s))
      << Post("forward/streams", Json::object()).body;

  // The second target dies: its FFmpeg exits, is reaped and recorded, and is restarted
  // (failing, with back-off) until the target is back; the other task is not touched.
  const pid_t wx_pid = WaitForTaskPid("wx@live/livestream");
  const pid_t second_pid = WaitForTaskPid("custom-second@live/livestream");
  ASSERT_GT(wx_pid, 0);
  ASSERT_GT(second_pid, 0);
  second.Stop();
  EXPECT_TRUE(test::ProcessGoneWithin(second_pid, 15s)) << "ffmpeg did not notice the dead target";
  // Read once: the restart that follows (back-off 300 ms) clears the record again.
  std::optional<std::string> code;
  ASSERT_TRUE(WaitUntil(
      [&] {
        code = redis_.Hget(keys::kSrsForwardCode, "custom-second@live/livestream");
        return code.has_value();
      },
      10s));
  EXPECT_EQ(Json::parse(*code)["close"], true) << *code;
  std::this_thread::sleep_for(1500ms);  // a few failing restarts against the closed port
  second.Start();
  EXPECT_GE(ProbeUntilFrames(second.Url("t2", "key-c-7b1")), 10) << "the task did not recover";
  EXPECT_NE(WaitForTaskPid("custom-second@live/livestream", second_pid), 0);
  EXPECT_EQ(TaskPid("wx@live/livestream"), wx_pid);
  EXPECT_EQ(test::ProcessState(wx_pid) != 0, true);

  // Disabled: the FFmpeg is gone and so is its bookkeeping.
  SetTarget("wx", "rtmp://127.0.0.1:" + std::to_string(engine.rtmp_port()) + "/t1", "key-wx-3f9",
            false);
  EXPECT_TRUE(test::ProcessGoneWithin(wx_pid, 10s))
      << "ffmpeg still runs after the target was disabled";
  EXPECT_TRUE(WaitUntil(
      [&] {
        return !redis_.Hget(keys::kSrsForwardStream, "wx@live/livestream") &&
               !redis_.Hget(keys::kSrsForwardMap, "wx");
      },
      5s));

  // The publisher stops: hooks drops the stream from the registry and its task ends.
  const pid_t last_pid = WaitForTaskPid("custom-second@live/livestream");
  publisher.Stop();
  EXPECT_TRUE(
      WaitUntil([&] { return !redis_.Hget(keys::kSrsStreamActive, "live/livestream"); }, 10s));
  EXPECT_TRUE(test::ProcessGoneWithin(last_pid, 10s)) << "ffmpeg still runs after the stream ended";

  EXPECT_EQ(daemon_->Stop(10s), 0);
  const std::string log = daemon_->ReadLog();
  EXPECT_EQ(log.find("key-wx-3f9"), std::string::npos) << "a stream key reached the log";
  EXPECT_EQ(log.find("key-c-7b1"), std::string::npos) << "a stream key reached the log";
  EXPECT_NE(log.find("rtmp://127.0.0.1:" + std::to_string(second.rtmp_port()) + "/t2/***"),
            std::string::npos);
}

TEST_F(ForwardStackTest, AKilledDaemonTakesItsFfmpegAlongAndTheNextOneStartsAfresh) {
  test::NginxRtmp engine({{.name = "live"}, {.name = "t1"}});
  test::TestPublisher publisher(engine.Url("live", "cam"));
  RegisterLive("live", "cam");
  StartDaemon(engine.rtmp_port());
  SetTarget("custom-one", "rtmp://127.0.0.1:" + std::to_string(engine.rtmp_port()) + "/t1",
            "cam-copy", true);
  const pid_t first = WaitForTaskPid("custom-one@live/cam");
  ASSERT_GT(first, 0);

  daemon_->Signal(SIGKILL);
  daemon_->Wait(5s);
  EXPECT_TRUE(test::ProcessGoneWithin(first, 5s)) << "ffmpeg " << first << " outlived its daemon";

  // The record still names the dead pid; the next daemon never signals it, it starts its own.
  EXPECT_EQ(TaskPid("custom-one@live/cam"), first);
  StartDaemon(engine.rtmp_port());
  const pid_t second = WaitForTaskPid("custom-one@live/cam", first);
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);
  EXPECT_GE(ProbeUntilFrames(engine.Url("t1", "cam-copy")), 10);
}

TEST_F(ForwardStackTest, CustomTargetsForEveryStreamOrOneStreamAndAChangeRestartsTheTask) {
  test::NginxRtmp engine({{.name = "live"}, {.name = "t1"}, {.name = "t2"}, {.name = "t3"}});
  test::TestPublisher a(engine.Url("live", "a"));
  test::TestPublisher b(engine.Url("live", "b"));
  RegisterLive("live", "a");
  RegisterLive("live", "b");
  StartDaemon(engine.rtmp_port());
  const std::string server = "rtmp://127.0.0.1:" + std::to_string(engine.rtmp_port());
  auto response = Post("forward/secret", {{"action", "update"},
                                          {"platform", "custom-all"},
                                          {"server", server + "/t1"},
                                          {"enabled", true},
                                          {"stream", "*"}});
  ASSERT_EQ(response.body, R"({"code":0})");
  response = Post("forward/secret", {{"action", "update"},
                                     {"platform", "custom-b"},
                                     {"server", server + "/t3"},
                                     {"secret", "only-b"},
                                     {"enabled", true},
                                     {"stream", "live/b"}});
  ASSERT_EQ(response.body, R"({"code":0})");

  // "*": every live stream under its own name; "live/b": that stream only.
  EXPECT_GE(ProbeUntilFrames(engine.Url("t1", "a")), 10);
  EXPECT_GE(ProbeUntilFrames(engine.Url("t1", "b")), 10);
  EXPECT_GE(ProbeUntilFrames(engine.Url("t3", "only-b")), 10);
  EXPECT_FALSE(redis_.Hget(keys::kSrsForwardStream, "custom-b@live/a"));
  const Json streams = Json::parse(Post("forward/streams", Json::object()).body)["data"];
  EXPECT_EQ(streams.size(), 3u) << streams.dump();

  // A changed target: its tasks restart with the new command line, the other is untouched.
  const pid_t all_a = WaitForTaskPid("custom-all@live/a");
  const pid_t only_b = WaitForTaskPid("custom-b@live/b");
  response = Post("forward/secret", {{"action", "update"},
                                     {"platform", "custom-all"},
                                     {"server", server + "/t2"},
                                     {"enabled", true},
                                     {"stream", "*"}});
  ASSERT_EQ(response.body, R"({"code":0})");
  EXPECT_TRUE(test::ProcessGoneWithin(all_a, 10s));
  EXPECT_GE(ProbeUntilFrames(engine.Url("t2", "a")), 10);
  EXPECT_NE(WaitForTaskPid("custom-all@live/a", all_a), 0);
  EXPECT_EQ(TaskPid("custom-b@live/b"), only_b);
  const Json record = Json::parse(*redis_.Hget(keys::kSrsForwardStream, "custom-all@live/a"));
  EXPECT_EQ(record["output"], server + "/t2/a");
  EXPECT_EQ(record["input"], server + "/live/a");

  // Deleting the target stops every task of it.
  const pid_t all_b = WaitForTaskPid("custom-all@live/b");
  const pid_t all_a2 = WaitForTaskPid("custom-all@live/a");
  ASSERT_EQ(Post("forward/secret", {{"action", "delete"}, {"platform", "custom-all"}}).body,
            R"({"code":0})");
  EXPECT_TRUE(test::ProcessGoneWithin(all_a2, 10s));
  EXPECT_TRUE(test::ProcessGoneWithin(all_b, 10s));
  EXPECT_EQ(TaskPid("custom-b@live/b"), only_b);
}

TEST_F(ForwardStackTest, ADeadTargetIsRetriedWithGrowingDelays) {
  test::NginxRtmp engine({{.name = "live"}});
  test::TestPublisher publisher(engine.Url("live", "cam"));
  RegisterLive("live", "cam");
  StartDaemon(engine.rtmp_port());
  const test::RefusedPort nobody;
  SetTarget("kuaishou", "rtmp://127.0.0.1:" + std::to_string(nobody.port()) + "/app", "ks-key-8d2", true);

  const std::regex restart("restart in ([0-9]+) ms");
  std::vector<long> delays;
  ASSERT_TRUE(WaitUntil(
      [&] {
        delays.clear();
        const std::string log = daemon_->ReadLog();
        for (auto it = std::sregex_iterator(log.begin(), log.end(), restart);
             it != std::sregex_iterator(); ++it) {
          delays.push_back(std::stol((*it)[1]));
        }
        return delays.size() >= 5;
      },
      30s))
      << daemon_->ReadLog();
  // 300 ms doubling up to 2000 ms, each within +-20% jitter.
  const long expected[] = {300, 600, 1200, 2000, 2000};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_GE(delays[i], expected[i] * 8 / 10) << i;
    EXPECT_LE(delays[i], expected[i] * 12 / 10) << i;
  }
  // Each restart clears the record until that FFmpeg fails again: wait for one.
  std::optional<std::string> stored;
  ASSERT_TRUE(WaitUntil(
      [&] { return (stored = redis_.Hget(keys::kSrsForwardCode, "kuaishou@live/cam")).has_value(); },
      10s));
  const Json code = Json::parse(*stored);
  EXPECT_EQ(code["close"], true);
  EXPECT_NE(code["code"], 0);
  EXPECT_EQ(code.dump().find("ks-key-8d2"), std::string::npos) << code.dump();
  EXPECT_EQ(daemon_->ReadLog().find("ks-key-8d2"), std::string::npos);
}

TEST_F(ForwardStackTest, AStreamThatNeverStartsIsTimedOutAndRetried) {
  test::NginxRtmp engine({{.name = "live"}, {.name = "t1"}});
  RegisterLive("live",
               "ghost");  // registered, but nobody publishes: nginx keeps the player waiting
  StartDaemon(engine.rtmp_port(), {{"FORWARD_STARTUP_SECONDS", "2"}});
  SetTarget("bilibili", "rtmp://127.0.0.1:" + std::to_string(engine.rtmp_port()) + "/t1", "b",
            true);
  const pid_t first = WaitForTaskPid("bilibili@live/ghost");
  ASSERT_GT(first, 0);
  EXPECT_TRUE(WaitUntil(
      [&] { return daemon_->ReadLog().find("has not started streaming") != std::string::npos; },
      10s));
  EXPECT_TRUE(test::ProcessGoneWithin(first, 5s));
  EXPECT_NE(WaitForTaskPid("bilibili@live/ghost", first), 0) << "not restarted";
}

TEST_F(ForwardStackTest, AMissingFfmpegBinaryIsRecordedNotFatal) {
  RegisterLive("live", "cam");
  StartDaemon(1, {{"FFMPEG_BINARY", "/nonexistent/ffmpeg"}});
  SetTarget("wx", "rtmp://127.0.0.1:1/live", "k", true);
  std::optional<std::string> stored;
  ASSERT_TRUE(WaitUntil(
      [&] { return (stored = redis_.Hget(keys::kSrsForwardCode, "wx@live/cam")).has_value(); },
      10s));
  const Json code = Json::parse(*stored);
  EXPECT_EQ(code["close"], true);
  EXPECT_TRUE(code["code"].is_null());
  EXPECT_NE(code["error"].get<std::string>().find("not found"), std::string::npos) << code.dump();
  EXPECT_EQ(test::Fetch(ffmpeg_port_, "GET", "/terraform/v1/ffmpeg/versions").status, 200);
  EXPECT_EQ(daemon_->Stop(10s), 0);
}

}  // namespace
}  // namespace sc::ffmpeg
