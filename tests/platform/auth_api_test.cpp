#include <future>
#include <regex>

#include "common/config/env_file.hpp"
#include "common/redis/keys.hpp"
#include "sc/version.hpp"
#include "tests/platform/platform_test.hpp"

namespace sc::platform {
namespace {

namespace keys = redis::keys;
using AuthApiTest = PlatformWithRecordingMgmtTest;

TEST_F(AuthApiTest, VersionsHasNoVPrefix) {
  EXPECT_EQ(Post("versions").body, std::string(R"({"code":0,"data":{"version":")") + kVersion + "\"}}");
}

TEST_F(AuthApiTest, InitWithoutPasswordReportsWhetherOneIsSet) {
  EXPECT_EQ(test::Fetch(port_, "GET", "/terraform/v1/mgmt/init").body, R"({"code":0,"data":{"init":false}})");
  SetPassword("secret-pw");
  EXPECT_EQ(Post("init").body, R"({"code":0,"data":{"init":true}})");
}

TEST_F(AuthApiTest, InitSetsThePasswordOnceAndAnswersAToken) {
  const auto response = Post("init", {{"password", "abc123"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const Json data = Json::parse(response.body)["data"];
  EXPECT_NO_THROW(auth_.Verify(data["token"]));
  EXPECT_TRUE(std::regex_match(data["createAt"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")));
  EXPECT_EQ(config::ReadEnvFile(settings_.env_file()).front(),
            (std::pair<std::string, std::string>{"MGMT_PASSWORD", "abc123"}));
  EXPECT_EQ(mgmt_stand_in_.CallsOf("reloadEnv").size(), 1u);

  const auto again = Post("init", {{"password", "other-pw"}});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.body, R"({"code":1004,"data":{"message":"already initialized"}})");
  EXPECT_EQ(settings_.MgmtPassword(), "abc123");
}

TEST_F(AuthApiTest, ConcurrentInitSetsExactlyOnePassword) {
  std::vector<std::future<long>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async, [this, i] {
      return Post("init", {{"password", "password-" + std::to_string(i)}}).status;
    }));
  }
  int accepted = 0;
  for (auto& call : calls) accepted += call.get() == 200 ? 1 : 0;
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(config::ReadEnvFile(settings_.env_file()).size(), 1u);
}

TEST_F(AuthApiTest, InitRefusesWeakOrInjectingPasswords) {
  EXPECT_EQ(PostJsonAnswer("init", {{"password", "12345"}})["code"], 1004);
  const auto injected = Post("init", {{"password", "abcdef\nSRS_PLATFORM_SECRET=mine"}});
  EXPECT_EQ(injected.status, 422);
  EXPECT_EQ(settings_.MgmtPassword(), "");
  EXPECT_EQ(Post("init", {{"password", Json::array({"x"})}}).status, 422);
}

TEST_F(AuthApiTest, InitSucceedsWhenMgmtIsUnreachableBecauseThePasswordIsStored) {
  mgmt_stand_in_.Answer("reloadEnv", 500, R"({"code":1,"data":{"message":"down"}})");
  EXPECT_EQ(Post("init", {{"password", "abc123"}}).status, 200);
  EXPECT_EQ(settings_.MgmtPassword(), "abc123");
}

TEST_F(AuthApiTest, CheckNeedsThePublishSecretFirstBootAndNodeInfo) {
  const auto corrupt = Post("check");
  EXPECT_EQ(corrupt.status, 500);
  EXPECT_EQ(corrupt.body, R"({"code":1007,"data":{"message":"redis corrupt"}})");
  redis().Set(keys::kSrsSecretPublish, "abcd1234");
  redis().Hset(keys::kSrsFirstBoot, "v12", "1");
  redis().Hset(keys::kSrsTencentLh, "node", "n1");
  EXPECT_EQ(Post("check").body, R"({"code":0,"data":{"upgrading":false}})");
  redis().Hset(keys::kSrsUpgrading, "upgrading", "1");
  EXPECT_EQ(Post("check").body, R"({"code":0,"data":{"upgrading":true}})");
}

TEST_F(AuthApiTest, LoginErrors) {
  EXPECT_EQ(Post("login", {{"password", "x"}}).body, R"({"code":2002,"data":{"message":"not init"}})");
  SetPassword("right-pw");
  const auto missing = Post("login");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.body, R"({"code":1000,"data":{"message":"no password"}})");
  EXPECT_EQ(Post("login", {{"password", "wrong-pw"}}).body,
            R"({"code":2000,"data":{"message":"invalid password"}})");
}

TEST_F(AuthApiTest, LoginAnswersATokenSignedWithTheApiSecret) {
  SetPassword("right-pw");
  const Json data = PostJsonAnswer("login", {{"password", "right-pw"}})["data"];
  EXPECT_EQ(auth::VerifyHs256(data["token"].get<std::string>(), secret_.Get(),
                              std::chrono::system_clock::now())
                .error,
            auth::JwtError::kNone);
  EXPECT_TRUE(data.contains("expireAt"));
}

TEST_F(AuthApiTest, LoginIsRateLimitedPerAddressAndSuccessResets) {
  SetPassword("right-pw");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Post("login", {{"password", "bad"}}).status, 401);
  EXPECT_EQ(Post("login", {{"password", "right-pw"}}).status, 200);  // resets
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post("login", {{"password", "bad"}}).status, 401);
  const auto limited = Post("login", {{"password", "right-pw"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(limited.body.find(R"("code":2000,"data":{"message":"too many failed attempts, retry in )"),
            std::string::npos)
      << limited.body;
  // Another client behind the same proxy is not affected.
  const auto other = test::Fetch(port_, "POST", "/terraform/v1/mgmt/login", R"({"password":"right-pw"})",
                                 {{"Content-Type", "application/json"},
                                  {"X-Forwarded-For", "203.0.113.7, 127.0.0.1"}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(AuthApiTest, TokenAnswersANewTokenIncludingIt) {
  SetPassword("right-pw");
  const Json data = PostJsonAnswer("token", WithToken())["data"];
  ASSERT_TRUE(data.contains("token"));
  EXPECT_NO_THROW(auth_.Verify(data["token"]));
  EXPECT_EQ(Post("token").body, R"({"code":1000,"data":{"message":"no token"}})");
}

TEST_F(AuthApiTest, SecretTokenExchangesTheApiSecret) {
  const Json data = PostJsonAnswer("secret/token", {{"apiSecret", secret_.Get()}})["data"];
  EXPECT_EQ(data["expiresIn"], 31536000);
  EXPECT_NO_THROW(auth_.Verify(data["token"]));
  const auto wrong = Post("secret/token", {{"apiSecret", "srs-v1-guess"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, R"({"code":2000,"data":{"message":"apiSecret verify failed"}})");
  EXPECT_EQ(Post("secret/token").status, 401);
}

TEST_F(AuthApiTest, SecretQueryAnswersTheSecretAsABareString) {
  SetPassword("right-pw");
  EXPECT_EQ(Post("secret/query", WithToken()).body, R"({"code":0,"data":")" + secret_.Get() + "\"}");
}

}  // namespace
}  // namespace sc::platform
