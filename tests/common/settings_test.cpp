#include "common/config/settings.hpp"

#include <gtest/gtest.h>

#include <thread>

#include <fstream>

#include "tests/support/net.hpp"

namespace sc::config {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  void WriteEnv(const std::string& text) { std::ofstream(dir_.path() + "/.env") << text; }
  test::TempDir dir_;
};

TEST_F(SettingsTest, ReadsTheEnvFileOfTheHomeFolder) {
  WriteEnv("REDIS_PORT=56379\nREDIS_PASSWORD=pw\n");
  const Settings settings(dir_.path(), {});
  const redis::Options redis = settings.Redis();
  EXPECT_EQ(redis.host, "127.0.0.1");
  EXPECT_EQ(redis.port, 56379);
  EXPECT_EQ(redis.password, "pw");
  EXPECT_EQ(settings.env_file(), std::filesystem::path(dir_.path()) / ".env");
}

TEST_F(SettingsTest, EnvironmentWinsOverTheFileUnlessEmpty) {
  WriteEnv("HOOKS_PORT=3000\nMGMT_PASSWORD=file\n");
  const Settings settings(dir_.path(), {{"HOOKS_PORT", "4000"}, {"MGMT_PASSWORD", ""}});
  EXPECT_EQ(settings.Port(kHooksPort), 4000);
  EXPECT_EQ(settings.MgmtPassword(), "file");
}

TEST_F(SettingsTest, DefaultsAreTheOriginalPorts) {
  const Settings settings(dir_.path(), {});
  EXPECT_EQ(settings.Port(kHooksPort), 2021);
  EXPECT_EQ(settings.Port(kTencentPort), 2020);
  EXPECT_EQ(settings.Port(kFfmpegPort), 2019);
  EXPECT_EQ(settings.Port(kMgmtPort), 2022);
  EXPECT_EQ(settings.Port(kReleasesPort), 2023);
  EXPECT_EQ(settings.Port(kPlatformPort), 2024);
  EXPECT_EQ(settings.Port(kSrsRtmpPort), 1935);
  EXPECT_EQ(settings.Port(kSrsApiPort), 1985);
  EXPECT_EQ(settings.Port(kSrsHttpPort), 8080);
  EXPECT_EQ(settings.Port(kPrometheusPort), 9090);
  EXPECT_EQ(settings.Port(kNodeExporterPort), 9100);
  EXPECT_EQ(settings.ListenAddress(), "127.0.0.1");
}

TEST_F(SettingsTest, BadValuesNameTheVariable) {
  const Settings settings(dir_.path(), {{"MGMT_PORT", "80x"}, {"HOOKS_PORT", "70000"},
                                        {"ACCESS_LOG", "maybe"}});
  EXPECT_THROW(
      {
        try {
          settings.Port(kMgmtPort);
        } catch (const std::invalid_argument& error) {
          EXPECT_STREQ(error.what(), "MGMT_PORT=80x is not an integer");
          throw;
        }
      },
      std::invalid_argument);
  EXPECT_THROW(settings.Port(kHooksPort), std::invalid_argument);
  EXPECT_THROW(settings.Bool("ACCESS_LOG", true), std::invalid_argument);
}

TEST_F(SettingsTest, ListsAreCommaSeparated) {
  const Settings settings(dir_.path(), {{"SRS_ENGINE_ADDRESSES", "10.0.0.2,,10.0.0.3"}});
  EXPECT_EQ(settings.List("SRS_ENGINE_ADDRESSES"), (std::vector<std::string>{"10.0.0.2", "10.0.0.3"}));
  EXPECT_TRUE(settings.List("MISSING").empty());
}

TEST_F(SettingsTest, ReloadSeesChangesAndSaveRewritesTheFile) {
  WriteEnv("A=1\n");
  Settings settings(dir_.path(), {});
  EXPECT_EQ(settings.Get("A"), "1");
  WriteEnv("A=2\n");
  EXPECT_EQ(settings.Get("A"), "1");
  settings.Reload();
  EXPECT_EQ(settings.Get("A"), "2");
  settings.Save({{"MGMT_PASSWORD", "pw"}});
  EXPECT_EQ(settings.MgmtPassword(), "pw");
  EXPECT_EQ(ReadEnvFile(settings.env_file()), (EnvEntries{{"MGMT_PASSWORD", "pw"}, {"A", "2"}}));
}

TEST_F(SettingsTest, FromProcessUsesSrsCloudHome) {
  WriteEnv("FROM_HOME=yes\n");
  setenv("SRS_CLOUD_HOME", dir_.path().c_str(), 1);
  const Settings settings = Settings::FromProcess();
  unsetenv("SRS_CLOUD_HOME");
  EXPECT_EQ(settings.Get("FROM_HOME"), "yes");
}

TEST_F(SettingsTest, AnAdminPasswordAnotherDaemonSavedIsSeenWithinASecond) {
  Settings settings(dir_.path(), {});
  EXPECT_EQ(settings.MgmtPassword(), "");
  Settings other(dir_.path(), {});  // platform's /init, in another process
  other.Save({{"MGMT_PASSWORD", "set-elsewhere"}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (settings.MgmtPassword().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(settings.MgmtPassword(), "set-elsewhere");
}

}  // namespace
}  // namespace sc::config
