#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "sc/version.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"

namespace sc::platform {
namespace {

using namespace std::chrono_literals;

// The built srs-cloud-platform with a real Redis, configured through its .env.
TEST(PlatformBinaryTest, StartsServesTheApiAndTheUiAndStopsOnSigterm) {
  test::RedisServer redis;
  test::TempDir home;
  const auto port = test::FreePort();
  std::filesystem::create_directories(home.path() + "/ui");
  std::ofstream(home.path() + "/ui/index.html") << "dashboard";
  std::ofstream(home.path() + "/.env") << "PLATFORM_PORT=" << port << "\nREDIS_PORT=" << redis.port()
                                       << "\nREDIS_PASSWORD=" << redis.password()
                                       << "\nMGMT_PORT=" << test::FreePort()
                                       << "\nUI_DIR=" << home.path() << "/ui\n";
  test::ChildProcess daemon({test::BinaryPath("srs-cloud-platform")},
                            {{"SRS_CLOUD_HOME", home.path()}}, home.path() + "/platform.log");
  daemon.Start();
  ASSERT_TRUE(test::WaitForHttp(port, "/terraform/v1/mgmt/versions", 5s)) << daemon.ReadLog();
  EXPECT_EQ(test::Fetch(port, "GET", "/terraform/v1/mgmt/versions").body,
            std::string(R"({"code":0,"data":{"version":")") + kVersion + "\"}}");
  EXPECT_EQ(test::Fetch(port, "GET", "/mgmt/").body, "dashboard");
  const auto init = test::PostJson(port, "/terraform/v1/mgmt/init", R"({"password":"s3cret-pw"})");
  EXPECT_EQ(init.status, 200) << init.body;
  const auto login = test::PostJson(port, "/terraform/v1/mgmt/login", R"({"password":"s3cret-pw"})");
  EXPECT_EQ(login.status, 200) << login.body;
  // No mgmt runs here: the background threads say so and the daemon keeps serving.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (daemon.ReadLog().find("mgmt refreshVersion failed") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(test::Fetch(port, "GET", "/terraform/v1/mgmt/versions").status, 200);
  EXPECT_EQ(daemon.Stop(5s), 0);
  const std::string log = daemon.ReadLog();
  EXPECT_EQ(log.find("s3cret-pw"), std::string::npos) << "the password reached the log";
  EXPECT_NE(log.find("mgmt refreshVersion failed"), std::string::npos) << log;
}

}  // namespace
}  // namespace sc::platform
