#pragma once
// The built srs-cloud-mgmt with real daemons behind it and a real Redis, from a generated .env,
// for the suites that test mgmt as a whole (mgmt_binary_test, platform_calls_mgmt_test).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/wait.hpp"

namespace sc::mgmt {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Direct children of `parent`, read from /proc.
inline std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && state != 'Z') children.push_back(std::stoi(name));
  }
  return children;
}

using test::WaitUntil;

class MgmtStackTest : public ::testing::Test {
 protected:
  // `env` goes to mgmt's process environment, which wins over the .env.
  void Start(const std::string& extra_env = "", test::EnvList env = {}) {
    std::ofstream(home_.path() + "/.env")
        << "REDIS_PORT=" << redis_.port() << "\nREDIS_PASSWORD=" << redis_.password()
        << "\nMGMT_PORT=" << mgmt_port_ << "\nHOOKS_PORT=" << hooks_port_
        << "\nPLATFORM_PORT=" << platform_port_ << "\nRELEASES_PORT=" << releases_port_
        << "\nTENCENT_PORT=" << test::FreePort() << "\nFFMPEG_PORT=" << test::FreePort()
        << "\nSRS_HTTP_PORT=" << test::FreePort() << "\nSRS_API_PORT=" << test::FreePort()
        << "\nSRS_RTMP_PORT=" << test::FreePort() << "\nMGMT_SERVICES=hooks,releases,platform"
        << "\nMEDIA_ENGINE=none\nMGMT_RUNTIME=native\nPROMETHEUS=false\nCLOUD=OTHER\nREGION=test\nSTOP_GRACE_MS=4000"
        << "\nRESTART_BACKOFF_MS=200\nUI_DIR=" << home_.path() << "/ui\nLISTEN_ADDRESS=127.0.0.1\n"
        << extra_env;
    env.emplace_back("SRS_CLOUD_HOME", home_.path());
    fs::create_directories(home_.path() + "/ui");
    std::ofstream(home_.path() + "/ui/index.html") << "dashboard";
    std::ofstream(home_.path() + "/ui/favicon.ico") << "icon";
    mgmt_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::BinaryPath("srs-cloud-mgmt")},
        env, home_.path() + "/mgmt.out");
    mgmt_->Start();
    ASSERT_TRUE(test::WaitForHttp(mgmt_port_, "/terraform/v1/host/versions", 10s))
        << mgmt_->ReadLog();
    ASSERT_TRUE(test::WaitForHttp(mgmt_port_, "/terraform/v1/mgmt/versions", 15s))
        << mgmt_->ReadLog();
  }

  test::RedisServer redis_;
  test::TempDir home_;
  const std::uint16_t mgmt_port_ = test::FreePort();
  const std::uint16_t hooks_port_ = test::FreePort();
  const std::uint16_t platform_port_ = test::FreePort();
  const std::uint16_t releases_port_ = test::FreePort();
  std::unique_ptr<test::ChildProcess> mgmt_;
};

}  // namespace sc::mgmt
