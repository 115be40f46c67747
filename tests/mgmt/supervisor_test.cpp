// The supervisor with real child processes: the releases daemon (it has a readiness route) and
// small shell programs.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "mgmt/supervisor.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"

namespace sc::mgmt {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

ServiceSpec Releases(std::uint16_t port) {
  return ServiceSpec{.name = "releases", .argv = {test::BinaryPath("srs-cloud-releases")},
                     .env = {{"RELEASES_PORT", std::to_string(port)}},
                     .ready_port = port, .ready_path = "/terraform/v1/releases/versions"};
}

SupervisorOptions Fast(const test::TempDir& dir) {
  SupervisorOptions options;
  options.log_dir = dir.path();
  options.backoff_initial = 100ms;
  options.backoff_max = 400ms;
  options.stop_grace = 3s;
  return options;
}

TEST(SupervisorTest, StartsInOrderEachAfterThePreviousIsReady) {
  test::TempDir dir;
  const auto port = test::FreePort();
  Supervisor supervisor({Releases(port),
                         ServiceSpec{.name = "second", .argv = {"/bin/sleep", "30"}}},
                        Fast(dir));
  supervisor.Start();
  ASSERT_TRUE(supervisor.WaitRunning("second", 10s));
  // "second" started only once releases answered its versions route.
  EXPECT_EQ(test::Fetch(port, "GET", "/terraform/v1/releases/versions").status, 200);
  const auto first = supervisor.Status("releases");
  const auto second = supervisor.Status("second");
  EXPECT_EQ(first->state, ServiceState::kRunning);
  EXPECT_LE(first->since, second->since);
}

TEST(SupervisorTest, AKilledChildComesBackWithBackoff) {
  test::TempDir dir;
  const auto port = test::FreePort();
  Supervisor supervisor({Releases(port)}, Fast(dir));
  supervisor.Start();
  ASSERT_TRUE(supervisor.WaitRunning("releases", 10s));
  const pid_t first = supervisor.Status("releases")->pid;
  kill(first, SIGKILL);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto status = supervisor.Status("releases");
    if (status->pid > 0 && status->pid != first && status->state == ServiceState::kRunning) break;
    std::this_thread::sleep_for(20ms);
  }
  const auto status = supervisor.Status("releases");
  EXPECT_NE(status->pid, first);
  EXPECT_EQ(status->restarts, 1);
  EXPECT_EQ(status->last_exit, "signal 9");
  EXPECT_TRUE(test::WaitForHttp(port, "/terraform/v1/releases/versions", 5s));
}

TEST(SupervisorTest, ACrashLoopBacksOffExponentially) {
  test::TempDir dir;
  Supervisor supervisor({ServiceSpec{.name = "crash", .argv = {"/bin/false"}}}, Fast(dir));
  supervisor.Start();
  std::this_thread::sleep_for(1500ms);
  // 100+200+400+400 ms delays: about 4-6 runs in 1.5 s, not hundreds.
  const int restarts = supervisor.Status("crash")->restarts;
  EXPECT_GE(restarts, 3);
  EXPECT_LE(restarts, 7);
}

TEST(SupervisorTest, StopEndsEveryChildAndItsHelpersWithinTheGrace) {
  test::TempDir dir;
  const std::string marker = dir.path() + "/helper.pid";
  // A child that ignores SIGTERM and has a helper of its own in its process group.
  Supervisor supervisor(
      {ServiceSpec{.name = "stubborn",
                   .argv = {"/bin/sh", "-c", "trap '' TERM; sleep 60 & echo $! > " + marker + "; wait"}}},
      Fast(dir));
  supervisor.Start();
  ASSERT_TRUE(supervisor.WaitRunning("stubborn", 5s));
  while (!fs::exists(marker) || fs::file_size(marker) == 0) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(50ms);
  pid_t helper = 0;
  std::ifstream(marker) >> helper;
  const pid_t child = supervisor.Status("stubborn")->pid;
  const auto started = std::chrono::steady_clock::now();
  supervisor.Stop();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, 4500ms);
  EXPECT_FALSE(test::IsRunning(child));
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(test::IsRunning(helper)) << "the child's helper survived";
}

TEST(SupervisorTest, DisableKeepsItDownAndEnableBringsItBack) {
  test::TempDir dir;
  Supervisor supervisor({ServiceSpec{.name = "sleeper", .argv = {"/bin/sleep", "60"}}}, Fast(dir));
  supervisor.Start();
  ASSERT_TRUE(supervisor.WaitRunning("sleeper", 5s));
  const pid_t first = supervisor.Status("sleeper")->pid;
  supervisor.Disable("sleeper");
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (supervisor.Status("sleeper")->state != ServiceState::kStopped &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(supervisor.Status("sleeper")->state, ServiceState::kStopped);
  std::this_thread::sleep_for(500ms);  // several back-off periods: still down
  EXPECT_EQ(supervisor.Status("sleeper")->pid, -1);
  EXPECT_EQ(supervisor.Status("sleeper")->restarts, 0);
  supervisor.Enable("sleeper");
  ASSERT_TRUE(supervisor.WaitRunning("sleeper", 5s));
  EXPECT_NE(supervisor.Status("sleeper")->pid, first);
}

TEST(SupervisorTest, OutputGoesToRotatedLogFiles) {
  test::TempDir dir;
  SupervisorOptions options = Fast(dir);
  options.log_max_bytes = 64 * 1024;
  options.log_max_files = 2;
  Supervisor supervisor(
      {ServiceSpec{.name = "chatty",
                   .argv = {"/bin/sh", "-c", "head -c 400000 /dev/zero | tr '\\0' x; echo; echo done >&2; sleep 60"}}},
      options);
  supervisor.Start();
  const fs::path log = dir.path() + "/chatty.log";
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  auto read_log = [&log] {
    std::ifstream in(log);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  while (read_log().find("done") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(read_log().find("done"), std::string::npos);  // stderr too
  EXPECT_TRUE(fs::exists(dir.path() + "/chatty.log.1"));
  EXPECT_TRUE(fs::exists(dir.path() + "/chatty.log.2"));
  EXPECT_FALSE(fs::exists(dir.path() + "/chatty.log.3"));
  for (const char* name : {"/chatty.log", "/chatty.log.1", "/chatty.log.2"}) {
    EXPECT_LE(fs::file_size(dir.path() + name), 64u * 1024) << name;
  }
}

TEST(SupervisorTest, AMissingProgramIsRetriedNotFatal) {
  test::TempDir dir;
  Supervisor supervisor({ServiceSpec{.name = "ghost", .argv = {"/nonexistent/program"}},
                         ServiceSpec{.name = "after", .argv = {"/bin/sleep", "30"}}},
                        Fast(dir));
  supervisor.Start();
  EXPECT_TRUE(supervisor.WaitRunning("after", 5s));
  const auto ghost = supervisor.Status("ghost");
  EXPECT_EQ(ghost->state, ServiceState::kBackoff);
  EXPECT_NE(ghost->last_exit.find("No such file"), std::string::npos) << ghost->last_exit;
}

}  // namespace
}  // namespace sc::mgmt
