#include <thread>

#include "common/redis/keys.hpp"
#include "common/util/upgrade_window.hpp"
#include "tests/platform/platform_test.hpp"

namespace sc::platform {
namespace {

namespace keys = redis::keys;
using namespace std::chrono_literals;

class HousekeepingWithRecordingMgmtTest : public PlatformWithRecordingMgmtTest {
 protected:
  void ReleasesAnswer(const std::string& version, const std::string& stable) {
    mgmt_stand_in_.Answer("refreshVersion", 200,
                          R"({"code":0,"data":{"version":")" + version + R"(","stable":")" + stable +
                              R"(","latest":")" + stable + R"("}})");
  }
  // A window that contains the current hour, or one that does not.
  void Window(bool containing_now) {
    const int hour = util::LocalHour();
    const int start = containing_now ? hour : (hour + 12) % 24;
    redis().Hset(keys::kSrsUpgradeWindow, "start", std::to_string(start));
    redis().Hset(keys::kSrsUpgradeWindow, "duration", "4");
    redis().Hset(keys::kSrsUpgradeWindow, "update", "set by the user");
  }
};

TEST_F(HousekeepingWithRecordingMgmtTest, FirstCycleSetsDefaultsAndRestartsTheEngineOnce) {
  ReleasesAnswer("v1.0.0", "v1.0.0");
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "up to date");
  EXPECT_EQ(redis().Hget(keys::kSrsUpgradeWindow, "start"), "23");
  EXPECT_EQ(redis().Hget(keys::kSrsUpgradeWindow, "duration"), "6");
  EXPECT_EQ(redis().Hget(keys::kSrsFirstBoot, "v12"), "1");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("rmContainer").size(), 1u);
  housekeeping_.UpgradeCycle();
  EXPECT_EQ(mgmt_stand_in_.CallsOf("rmContainer").size(), 1u);
}

TEST_F(HousekeepingWithRecordingMgmtTest, SetsUpCloudResourcesInTheMachinesRegionAndGoesOnWhenThatFails) {
  std::vector<std::string> regions;
  bool fail = false;
  Housekeeping housekeeping(redis(), secret_, mgmt_, releases_, settings_,
                            [&](const std::string& region) {
                              regions.push_back(region);
                              if (fail) throw std::runtime_error("CAM says no");
                            });
  ReleasesAnswer("v1.0.0", "v1.2.0");
  Window(true);
  redis().Hset(keys::kSrsUpgradeStrategy, "strategy", "manual");

  EXPECT_EQ(housekeeping.UpgradeCycle(), "strategy is manual");
  EXPECT_TRUE(regions.empty()) << "no region known: nothing to set up";

  redis().Hset(keys::kSrsTencentLh, "region", "ap-singapore");
  EXPECT_EQ(housekeeping.UpgradeCycle(), "strategy is manual");
  EXPECT_EQ(regions, std::vector<std::string>{"ap-singapore"});

  fail = true;
  EXPECT_EQ(housekeeping.UpgradeCycle(), "strategy is manual") << "a cloud failure stops nothing";
  EXPECT_EQ(regions.size(), 2u);
}

TEST_F(HousekeepingWithRecordingMgmtTest, UpgradesToANewerStableInsideTheWindow) {
  ReleasesAnswer("v1.0.0", "v1.2.0");
  Window(true);
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "upgrading to v1.2.0");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("execUpgrade")[0].args, Json::array({"v1.2.0"}));
  EXPECT_EQ(redis().Hget(keys::kSrsUpgrading, "upgrading"), "1");
  EXPECT_EQ(redis().Hget(keys::kSrsUpgrading, "desc"), "upgrade current=v1.0.0, stable=v1.2.0, force=");
}

TEST_F(HousekeepingWithRecordingMgmtTest, WaitsForTheWindow) {
  ReleasesAnswer("v1.0.0", "v1.2.0");
  Window(false);
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "not in window");
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("execUpgrade").empty());
}

TEST_F(HousekeepingWithRecordingMgmtTest, RespectsManualStrategyAndARunningUpgrade) {
  ReleasesAnswer("v1.0.0", "v1.2.0");
  Window(true);
  redis().Hset(keys::kSrsUpgradeStrategy, "strategy", "manual");
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "strategy is manual");
  redis().Hset(keys::kSrsUpgradeStrategy, "strategy", "auto");
  redis().Hset(keys::kSrsUpgrading, "upgrading", "1");
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "already upgrading");
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("execUpgrade").empty());
}

TEST_F(HousekeepingWithRecordingMgmtTest, OperatorForceIsConsumedOnce) {
  ReleasesAnswer("v1.0.0", "v1.0.0");
  Window(true);
  redis().Hset(keys::kSrsUpgrading, "force", "v1.1.0");
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "upgrading to v1.1.0");
  EXPECT_FALSE(redis().Hget(keys::kSrsUpgrading, "force").has_value());
}

TEST_F(HousekeepingWithRecordingMgmtTest, NoStableReleaseNoUpgrade) {
  mgmt_stand_in_.Answer("refreshVersion", 200, R"({"code":0,"data":{"version":"v1.0.0"}})");
  EXPECT_EQ(housekeeping_.UpgradeCycle(), "no stable release");
}

TEST_F(HousekeepingWithRecordingMgmtTest, ResetUpgradingKeepsAnOperatorForce) {
  redis().Hset(keys::kSrsUpgrading, "upgrading", "1");
  redis().Hset(keys::kSrsUpgrading, "force", "v2.0.0");
  housekeeping_.ResetUpgrading();
  EXPECT_FALSE(redis().Hget(keys::kSrsUpgrading, "upgrading").has_value());
  EXPECT_EQ(redis().Hget(keys::kSrsUpgrading, "force"), "v2.0.0");
}

TEST_F(HousekeepingWithRecordingMgmtTest, MarketStartsWhatIsNotRunningAndSkipsTheDisabled) {
  mgmt_stand_in_.Answer("fetchContainer", 200, R"({"code":0,"data":{"all":{},"running":{}}})");
  redis().Hset(keys::kSrsContainerDisabled, "prometheus", "true");
  const auto started = housekeeping_.MarketCycle();
  EXPECT_EQ(started, (std::vector<std::string>{"srs-server", "srs-hooks", "tencent-cloud", "ffmpeg",
                                               "node-exporter"}));
  EXPECT_EQ(redis().Hget(keys::kSrsContainerDisabled, "srs-dev"), "true");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("rmContainer")[0].args, Json::array({"srs-dev"}));
  EXPECT_EQ(mgmt_stand_in_.CallsOf("startContainer").size(), 5u);
}

TEST_F(HousekeepingWithRecordingMgmtTest, MarketGoesOnPastAServiceMgmtCannotStart) {
  mgmt_stand_in_.Answer("startContainer", 422,
                        R"({"code":1004,"data":{"message":"invalid name=srs-server, not available here"}})");
  EXPECT_TRUE(housekeeping_.MarketCycle().empty());
  std::vector<std::string> tried;
  for (const auto& call : mgmt_stand_in_.CallsOf("startContainer")) tried.push_back(call.args[0]);
  ASSERT_FALSE(tried.empty());
  EXPECT_EQ(tried.front(), "srs-server");
  EXPECT_EQ(tried.back(), "node-exporter") << "every service after the first refusal was tried";
}

TEST_F(HousekeepingWithRecordingMgmtTest, MarketLeavesRunningServicesAlone) {
  mgmt_stand_in_.Answer("fetchContainer", 200,
                        R"({"code":0,"data":{"all":{"ID":"a1"},"running":{"ID":"a1"}}})");
  EXPECT_TRUE(housekeeping_.MarketCycle().empty());
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("startContainer").empty());
}

TEST_F(HousekeepingWithRecordingMgmtTest, CrontabRenewsOnlyWhenCertificatesExist) {
  EXPECT_FALSE(housekeeping_.CrontabCycle());
  std::filesystem::create_directories(std::filesystem::path(home_.path()) /
                                      "containers/etc/letsencrypt/live/example.com");
  mgmt_stand_in_.Answer("renewLetsEncrypt", 200, R"({"code":0,"data":{"stdout":"","renewOk":false}})");
  EXPECT_TRUE(housekeeping_.CrontabCycle());
  EXPECT_EQ(mgmt_stand_in_.CallsOf("renewLetsEncrypt")[0].args, Json::array({false}));
}

TEST_F(HousekeepingWithRecordingMgmtTest, ApiSecretIsRecreatedWhenDeleted) {
  redis().Del(keys::kSrsPlatformSecret);
  housekeeping_.ApiSecretCycle();
  EXPECT_TRUE(redis().Hget(keys::kSrsPlatformSecret, "token").has_value());
}

TEST_F(HousekeepingWithRecordingMgmtTest, WorkersRunWithShortPeriodsAndStopPromptly) {
  ReleasesAnswer("v1.0.0", "v1.0.0");
  mgmt_stand_in_.Answer("fetchContainer", 200,
                        R"({"code":0,"data":{"all":{"ID":"a1"},"running":{"ID":"a1"}}})");
  const auto started = std::chrono::steady_clock::now();
  {
    Workers workers(housekeeping_, {.api_secret = 50ms, .crontab = 50ms, .upgrade = 50ms, .market = 50ms},
                    true);
    std::this_thread::sleep_for(400ms);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_GE(mgmt_stand_in_.CallsOf("refreshVersion").size(), 3u);
  EXPECT_GE(mgmt_stand_in_.CallsOf("fetchContainer").size(), 3u * 6u);
  const auto calls = mgmt_stand_in_.Calls().size();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(mgmt_stand_in_.Calls().size(), calls);  // nothing runs after destruction
}

TEST_F(HousekeepingWithRecordingMgmtTest, TelemetryParamsReportAndResetTheCounters) {
  redis().Hset(keys::kSrsTencentLh, "node", "node-1");
  redis().Hset(keys::kSrsStatCounter, "publish", "3");
  redis().Hset(keys::kSrsStatCounter, "play", "7");
  redis().Hset(keys::kSrsBeian, "icp", "x");
  redis().Set(keys::kSrsHttps, "lets");
  EXPECT_EQ(releases_.TelemetryParams(),
            (Json{{"nid", "node-1"}, {"streams", 3}, {"players", 7}, {"beian", 1}, {"https", "lets"}}));
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "publish"), "0");
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "play"), "0");
}

TEST_F(HousekeepingWithRecordingMgmtTest, TelemetryCanBeTurnedOff) {
  redis().Hset(keys::kSrsTencentLh, "node", "node-1");
  const config::Settings quiet(home_.path(), {{"TELEMETRY", "false"}});
  ReleaseQuery releases(redis(), mgmt_, quiet);
  releases.Run();
  EXPECT_EQ(mgmt_stand_in_.CallsOf("refreshVersion")[0].args, Json::array({Json::object()}));
}

TEST(UpgradeWindowTest, VectorsOfTheSpec) {
  using util::InUpgradeWindow;
  EXPECT_TRUE(InUpgradeWindow(std::nullopt, std::nullopt, std::nullopt));
  for (int h : {0, 5, 12, 23}) EXPECT_TRUE(InUpgradeWindow(0, 24, h));
  for (int h : {1, 2, 9}) EXPECT_TRUE(InUpgradeWindow(1, 8, h)) << h;
  for (int h : {0, 10, 14}) EXPECT_FALSE(InUpgradeWindow(1, 8, h)) << h;
  for (int h : {20, 23, 2}) EXPECT_TRUE(InUpgradeWindow(20, 6, h)) << h;
  for (int h : {19, 3, 12}) EXPECT_FALSE(InUpgradeWindow(20, 6, h)) << h;
  EXPECT_TRUE(InUpgradeWindow(23, 6, 5));  // seven clock hours: both ends count
}

}  // namespace
}  // namespace sc::platform
