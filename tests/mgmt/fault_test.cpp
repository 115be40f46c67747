// The fault suite (issue 9): the stack as auto/run starts it (mgmt supervising hooks, releases
// and platform, one Redis) under load while something breaks, on loopback and bounded in time.
#include <signal.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "common/json.hpp"
#include "common/process/spawn.hpp"
#include "common/redis/client.hpp"
#include "common/redis/keys.hpp"
#include "tests/mgmt/mgmt_stack.hpp"

namespace sc::mgmt {
namespace {

namespace keys = redis::keys;

// Requests in a loop on a few threads until stopped: what came back, and the slowest exchange.
class Load {
 public:
  Load(int threads, std::function<http::ClientResponse()> request) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, request] {
        while (!stop_) {
          const auto started = std::chrono::steady_clock::now();
          long status = 0;
          try {
            status = request().status;
          } catch (const std::exception&) {
            status = -1;  // transport failure (refused, cut)
          }
          const auto took = std::chrono::steady_clock::now() - started;
          std::lock_guard lock(mutex_);
          ++answers_[status];
          slowest_ =
              std::max(slowest_, std::chrono::duration_cast<std::chrono::milliseconds>(took));
          last_status_ = status;
        }
      });
    }
  }
  ~Load() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  std::chrono::milliseconds slowest() {
    std::lock_guard lock(mutex_);
    return slowest_;
  }
  std::string Summary() {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& [status, count] : answers_) {
      text += std::to_string(status) + ":" + std::to_string(count) + " ";
    }
    return text + "slowest " + std::to_string(slowest_.count()) + " ms";
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<long, long> answers_;
  std::chrono::milliseconds slowest_{0};
  long last_status_ = 0;
};

// The srs-cloud-* children of mgmt by name.
std::map<std::string, pid_t> Daemons(pid_t mgmt) {
  std::map<std::string, pid_t> daemons;
  for (const pid_t pid : ChildrenOf(mgmt)) {
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", error);
    const std::string name = exe.filename().string();
    if (!error && name.starts_with("srs-cloud-")) daemons[name.substr(10)] = pid;
  }
  return daemons;
}

bool Answers(std::uint16_t port, const std::string& path) {
  try {
    return test::Fetch(port, "GET", path).status == 200;
  } catch (const std::exception&) {
    return false;  // refused while it restarts
  }
}

class FaultTest : public MgmtStackTest {
 protected:
  void SetUp() override {
    Start();
    ASSERT_EQ(PostJson(mgmt_port_, "/terraform/v1/mgmt/init", {{"password", "fault-pw"}}).status,
              200);
    token_ =
        Json::parse(PostJson(mgmt_port_, "/terraform/v1/mgmt/login", {{"password", "fault-pw"}})
                        .body)["data"]["token"];
    ASSERT_TRUE(WaitUntil([&] { return Daemons(mgmt_->pid()).size() == 3; }, 10s));
  }
  static http::ClientResponse PostJson(std::uint16_t port, const std::string& path,
                                       const Json& body) {
    return test::PostJson(port, path, Stringify(body));
  }
  http::ClientResponse Token() {
    return PostJson(mgmt_port_, "/terraform/v1/mgmt/token", {{"token", token_}});
  }
  http::ClientResponse OnPublish(const std::string& secret) {
    return PostJson(hooks_port_, "/terraform/v1/hooks/srs/verify",
                    {{"action", "on_publish"},
                     {"client_id", "c1"},
                     {"ip", "127.0.0.1"},
                     {"vhost", "__defaultVhost__"},
                     {"app", "live"},
                     {"stream", "fault"},
                     {"param", "?secret=" + secret},
                     {"server_id", "vid-f"},
                     {"stream_id", "vid-s"}});
  }

  std::string token_;
};

TEST_F(FaultTest, RedisRestartedUnderLoadNoDaemonDiesAndServiceResumes) {
  redis::Client redis(redis_.options());
  const std::string secret = redis.Get(keys::kSrsSecretPublish).value_or("");
  ASSERT_FALSE(secret.empty());
  const auto daemons = Daemons(mgmt_->pid());
  Load token_load(2, [&] { return Token(); });
  Load publish_load(2, [&] { return OnPublish(secret); });
  std::this_thread::sleep_for(500ms);

  redis.Command({"SAVE"});  // what its appendonly file keeps in production (auto/redis_start)
  redis_.Stop();
  std::this_thread::sleep_for(2s);
  redis_.Start();
  const auto back = std::chrono::steady_clock::now();
  const bool token_ok = WaitUntil([&] { return Token().status == 200; }, 10s);
  const auto token_after = std::chrono::steady_clock::now() - back;
  const bool publish_ok = WaitUntil([&] { return OnPublish(secret).status == 200; }, 10s);
  const auto publish_after = std::chrono::steady_clock::now() - back;
  token_load.Stop();
  publish_load.Stop();

  EXPECT_TRUE(token_ok) << token_load.Summary();
  EXPECT_TRUE(publish_ok) << publish_load.Summary();
  std::cout << "service back "
            << std::chrono::duration_cast<std::chrono::milliseconds>(token_after).count()
            << " ms (/token) and "
            << std::chrono::duration_cast<std::chrono::milliseconds>(publish_after).count()
            << " ms (on_publish) after Redis; load: " << token_load.Summary() << " / "
            << publish_load.Summary() << "\n";
  // Bounded (the issue asks for a second; CI machines are slower than that promise's machine).
  EXPECT_LT(token_after, 3s);
  EXPECT_LT(publish_after, 3s);
  // Requests during the outage failed fast instead of hanging (Redis timeouts are 1-2 s).
  EXPECT_LT(token_load.slowest(), 8s) << token_load.Summary();
  EXPECT_LT(publish_load.slowest(), 8s) << publish_load.Summary();
  EXPECT_EQ(Daemons(mgmt_->pid()), daemons) << "a daemon died or was restarted";
}

TEST_F(FaultTest, ADaemonKilledUnderLoadIsRestartedAndNoRequestHangs) {
  auto daemons = Daemons(mgmt_->pid());
  Load load(4, [&] { return test::Fetch(mgmt_port_, "GET", "/terraform/v1/releases/versions"); });
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(kill(daemons.at("releases"), SIGKILL), 0);
  EXPECT_TRUE(WaitUntil(
      [&] {
        const auto now = Daemons(mgmt_->pid());
        return now.contains("releases") && now.at("releases") != daemons.at("releases") &&
               Answers(releases_port_, "/terraform/v1/releases/versions");
      },
      15s))
      << mgmt_->ReadLog();
  std::this_thread::sleep_for(500ms);
  load.Stop();
  std::cout << "through mgmt while releases was killed: " << load.Summary() << "\n";
  EXPECT_LT(load.slowest(), 5s) << load.Summary();
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/terraform/v1/releases/versions").status, 200);
  const auto after = Daemons(mgmt_->pid());
  EXPECT_EQ(after.at("hooks"), daemons.at("hooks"));
  EXPECT_EQ(after.at("platform"), daemons.at("platform"));
}

TEST_F(FaultTest, TwoHundredConcurrentClientsOnEveryPublicRoute) {
  if (!process::FindProgram("wrk")) GTEST_SKIP() << "wrk is not installed (auto/setup installs it)";
  const auto daemons = Daemons(mgmt_->pid());
  for (const char* path : {"/terraform/v1/host/versions", "/terraform/v1/mgmt/versions",
                           "/terraform/v1/releases/versions", "/terraform/v1/hooks/versions",
                           "/mgmt/", "/terraform/v1/mgmt/check"}) {
    test::TempDir dir;
    test::ChildProcess wrk({"wrk", "-t2", "-c200", "-d2s", "--timeout", "5s",
                            "http://127.0.0.1:" + std::to_string(mgmt_port_) + path},
                           {}, dir.path() + "/wrk.out");
    wrk.Start();
    ASSERT_EQ(wrk.Wait(30s), std::optional<int>(0)) << wrk.ReadLog();
    const std::string out = wrk.ReadLog();
    EXPECT_EQ(out.find("Non-2xx"), std::string::npos) << path << "\n" << out;
    EXPECT_EQ(out.find("Socket errors"), std::string::npos) << path << "\n" << out;
    EXPECT_NE(out.find("requests in"), std::string::npos) << path << "\n" << out;
  }
  EXPECT_EQ(Daemons(mgmt_->pid()), daemons) << "a daemon died under 200 clients";
}

}  // namespace
}  // namespace sc::mgmt
