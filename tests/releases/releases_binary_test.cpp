#include <gtest/gtest.h>

#include <fstream>

#include "sc/version.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"

namespace sc::releases {
namespace {

using namespace std::chrono_literals;

// The built srs-cloud-releases executable, configured the way the run script does it.
class ReleasesBinaryTest : public ::testing::Test {
 protected:
  ReleasesBinaryTest() : port_(test::FreePort()) {}

  test::ChildProcess Daemon(test::EnvList env) {
    env.emplace_back("SRS_CLOUD_HOME", home_.path());
    return test::ChildProcess({test::BinaryPath("srs-cloud-releases")}, std::move(env),
                              home_.path() + "/releases.log");
  }

  test::TempDir home_;
  std::uint16_t port_;
};

TEST_F(ReleasesBinaryTest, ServesOnTheConfiguredPortAndStopsOnSigterm) {
  std::ofstream(home_.path() + "/.env") << "RELEASES_PORT=" << port_
                                        << "\nRELEASES_STABLE=v9.1.0\nRELEASES_LATEST=v9.2.0\n";
  test::ChildProcess daemon = Daemon({});
  daemon.Start();
  ASSERT_TRUE(test::WaitForHttp(port_, "/terraform/v1/releases/versions", 5s)) << daemon.ReadLog();
  EXPECT_EQ(test::Fetch(port_, "GET", "/terraform/v1/releases").body,
            std::string(R"({"stable":"v9.1.0","latest":"v9.2.0","api":"v)") + kVersion + "\"}");
  EXPECT_NE(test::Fetch(port_, "GET", "/metrics").body.find(R"(daemon="releases")"),
            std::string::npos);
  EXPECT_EQ(daemon.Stop(5s), 0);
  const std::string log = daemon.ReadLog();
  EXPECT_NE(log.find("GET /terraform/v1/releases 200"), std::string::npos) << log;
  EXPECT_NE(log.find("stopping"), std::string::npos) << log;
}

TEST_F(ReleasesBinaryTest, EnvironmentOverridesTheEnvFileAndStageIsConfigurable) {
  std::ofstream(home_.path() + "/.env") << "RELEASES_PORT=1\n";
  test::ChildProcess daemon = Daemon({{"RELEASES_PORT", std::to_string(port_)}, {"STAGE", "prod"}});
  daemon.Start();
  ASSERT_TRUE(test::WaitForHttp(port_, "/prod/terraform/v1/releases/versions", 5s))
      << daemon.ReadLog();
}

TEST_F(ReleasesBinaryTest, PortInUseFailsFastWithAClearMessage) {
  test::ChildProcess first = Daemon({{"RELEASES_PORT", std::to_string(port_)}});
  first.Start();
  ASSERT_TRUE(test::WaitForHttp(port_, "/terraform/v1/releases/versions", 5s));
  test::ChildProcess second = Daemon({{"RELEASES_PORT", std::to_string(port_)}});
  second.Start();
  EXPECT_EQ(second.Wait(5s), 1);
  EXPECT_NE(second.ReadLog().find("listen on 127.0.0.1:" + std::to_string(port_)),
            std::string::npos)
      << second.ReadLog();
}

TEST_F(ReleasesBinaryTest, InvalidPortIsRefusedAtStart) {
  test::ChildProcess daemon = Daemon({{"RELEASES_PORT", "http"}});
  daemon.Start();
  EXPECT_EQ(daemon.Wait(5s), 1);
  EXPECT_NE(daemon.ReadLog().find("RELEASES_PORT=http is not an integer"), std::string::npos)
      << daemon.ReadLog();
}

}  // namespace
}  // namespace sc::releases
