#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"
#include "sc/version.hpp"
#include "tests/platform/platform_test.hpp"

namespace sc::platform {
namespace {

namespace keys = redis::keys;

class SystemApiTest : public PlatformWithRecordingMgmtTest {
 protected:
  void ReleasesAnswer(const std::string& stable, const std::string& latest) {
    mgmt_stand_in_.Answer("refreshVersion", 200,
                          R"({"code":0,"data":{"version":"v)" + std::string(kVersion) +
                              R"(","stable":")" + stable + R"(","latest":")" + latest + R"("}})");
  }
};

TEST_F(SystemApiTest, StatusBeforeAnyReleaseQuery) {
  EXPECT_EQ(Post("status", WithToken()).body,
            std::string(R"({"code":0,"data":{"version":"v)") + kVersion +
                R"(","releases":{"stable":null,"latest":null},"upgrading":false,"strategy":"auto"}})");
}

TEST_F(SystemApiTest, StatusShowsTheLastReleaseQueryAndRedisState) {
  ReleasesAnswer("v9.0.0", "v9.1.0");
  Post("strategy", WithToken());
  redis().Hset(keys::kSrsUpgrading, "upgrading", "1");
  const Json data = PostJsonAnswer("status", WithToken())["data"];
  EXPECT_EQ(data["releases"], (Json{{"stable", "v9.0.0"}, {"latest", "v9.1.0"}}));
  EXPECT_EQ(data["upgrading"], true);
  EXPECT_EQ(data["strategy"], "manual");
}

TEST_F(SystemApiTest, UpgradeAsksMgmtForTheLatestAndClearsTheFlag) {
  ReleasesAnswer("v9.0.0", "v9.1.0");
  const auto response = Post("upgrade", WithToken());
  EXPECT_EQ(response.body, std::string(R"({"code":0,"data":{"version":"v)") + kVersion + "\"}}");
  const auto calls = mgmt_stand_in_.CallsOf("execUpgrade");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].args, Json::array({"v9.1.0"}));
  EXPECT_NO_THROW(auth_.Verify(calls[0].token));  // signed with the API secret
  EXPECT_EQ(redis().Hget(keys::kSrsUpgrading, "upgrading"), "0");
  EXPECT_NE(redis().Hget(keys::kSrsUpgrading, "desc").value_or("").find("target=v9.1.0"),
            std::string::npos);
}

TEST_F(SystemApiTest, UpgradeRefusedWhileUpgrading) {
  ReleasesAnswer("v9.0.0", "v9.1.0");
  redis().Hset(keys::kSrsUpgrading, "upgrading", "1");
  redis().Hset(keys::kSrsUpgrading, "desc", "busy");
  const auto response = Post("upgrade", WithToken());
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"code":1005,"data":{"message":"already upgrading 1, busy"}})");
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("execUpgrade").empty());
}

TEST_F(SystemApiTest, UpgradeFailureInMgmtIsReportedAndTheFlagCleared) {
  ReleasesAnswer("v9.0.0", "v9.1.0");
  mgmt_stand_in_.Answer("execUpgrade", 500, R"({"code":1,"data":{"message":"health check failed"}})");
  const auto response = Post("upgrade", WithToken());
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body,
            R"({"code":1,"data":{"message":"mgmt execUpgrade failed: health check failed"}})");
  EXPECT_EQ(redis().Hget(keys::kSrsUpgrading, "upgrading"), "0");
}

TEST_F(SystemApiTest, UpgradeWithoutAReleaseOrWithAStrangeOneIsRefused) {
  mgmt_stand_in_.Answer("refreshVersion", 200, R"({"code":0,"data":{"version":"v1.0.0"}})");
  EXPECT_EQ(Post("upgrade", WithToken()).status, 404);
  ReleasesAnswer("v9.0.0", "--upload-pack=evil");
  EXPECT_EQ(Post("upgrade", WithToken()).status, 500);
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("execUpgrade").empty());
}

TEST_F(SystemApiTest, UpgradeReportsAnUnreachableMgmt) {
  const test::RefusedPort no_mgmt;
  const MgmtClient dead(no_mgmt.url(), auth_);
  ReleaseQuery releases(redis(), dead, settings_);
  const SystemApi api(redis(), auth_, dead, releases);
  http::Request request;
  request.json = WithToken();
  try {
    api.Upgrade(request);
    FAIL();
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.http_status(), 500);
    EXPECT_NE(std::string(error.what()).find("mgmt refreshVersion failed"), std::string::npos);
  }
}

TEST_F(SystemApiTest, StrategyTogglesAndDescribesTheChange) {
  EXPECT_EQ(Post("strategy", WithToken()).body, R"({"code":0})");
  EXPECT_EQ(redis().Hget(keys::kSrsUpgradeStrategy, "strategy"), "manual");
  EXPECT_NE(redis().Hget(keys::kSrsUpgradeStrategy, "desc").value_or("").find("changed, upgrading=, r0=/auto, r1=1/manual"),
            std::string::npos);
  Post("strategy", WithToken());
  EXPECT_EQ(redis().Hget(keys::kSrsUpgradeStrategy, "strategy"), "auto");
}

TEST_F(SystemApiTest, StrategyStillTogglesWhenTheReleaseQueryFails) {
  mgmt_stand_in_.Answer("refreshVersion", 500, R"({"code":1,"data":{"message":"offline"}})");
  EXPECT_EQ(Post("strategy", WithToken()).status, 200);
  EXPECT_EQ(redis().Hget(keys::kSrsUpgradeStrategy, "strategy"), "manual");
}

TEST_F(SystemApiTest, WindowQueryIsNullUntilSet) {
  EXPECT_EQ(Post("window/query", WithToken()).body,
            R"({"code":0,"data":{"start":null,"duration":null}})");
}

TEST_F(SystemApiTest, WindowUpdateStoresNormalisedIntegers) {
  EXPECT_EQ(Post("window/update", WithToken({{"start", "02"}, {"duration", 6}})).body, R"({"code":0})");
  EXPECT_EQ(redis().Hget(keys::kSrsUpgradeWindow, "start"), "2");
  EXPECT_TRUE(redis().Hget(keys::kSrsUpgradeWindow, "update").has_value());
  EXPECT_EQ(Post("window/query", WithToken()).body, R"({"code":0,"data":{"start":2,"duration":6}})");
}

TEST_F(SystemApiTest, WindowUpdateValidation) {
  const auto message = [this](Json body) {
    const auto response = Post("window/update", WithToken(std::move(body)));
    EXPECT_EQ(response.status, 422);
    return Json::parse(response.body)["data"]["message"].get<std::string>();
  };
  EXPECT_EQ(message({{"duration", 6}}), "no param start");
  EXPECT_EQ(message({{"start", "x"}, {"duration", 6}}), "no param start");
  EXPECT_EQ(message({{"start", 24}, {"duration", 6}}), "start should be an hour of 0-23");
  EXPECT_EQ(message({{"start", 1}}), "no param end");
  EXPECT_EQ(message({{"start", 1}, {"duration", 3}}), "window should greater than 3 hours");
  EXPECT_EQ(message({{"start", 1}, {"duration", 25}}), "window should smaller than 24 hours");
  EXPECT_FALSE(redis().Hget(keys::kSrsUpgradeWindow, "start").has_value());
}

}  // namespace
}  // namespace sc::platform
