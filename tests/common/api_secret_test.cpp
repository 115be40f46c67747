#include "common/auth/api_secret.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "common/redis/keys.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::auth {
namespace {

class ApiSecretTest : public test::RedisTest {
 protected:
  test::TempDir home_;
  config::Settings settings_{home_.path(), {}};
};

TEST_F(ApiSecretTest, EnsureCreatesTheSecretOnce) {
  ApiSecret secret(redis(), settings_);
  const auto first = secret.Ensure();
  EXPECT_TRUE(first.created);
  EXPECT_TRUE(std::regex_match(first.token, std::regex("srs-v1-[0-9a-f]{32}")));
  EXPECT_TRUE(redis().Hget(redis::keys::kSrsPlatformSecret, "update").has_value());
  const auto second = secret.Ensure();
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.token, first.token);
  EXPECT_EQ(secret.Get(), first.token);
}

TEST_F(ApiSecretTest, ConcurrentDaemonsAgreeOnOneSecret) {
  std::vector<std::string> tokens(6);
  std::vector<std::thread> daemons;
  for (size_t i = 0; i < tokens.size(); ++i) {
    daemons.emplace_back([&, i] {
      redis::Client own(server().options());
      ApiSecret secret(own, settings_);
      tokens[i] = secret.Ensure().token;
    });
  }
  for (auto& daemon : daemons) daemon.join();
  for (const auto& token : tokens) EXPECT_EQ(token, tokens.front());
  EXPECT_EQ(redis().Hget(redis::keys::kSrsPlatformSecret, "token"), tokens.front());
}

TEST_F(ApiSecretTest, ConfiguredSecretWinsOverRedis) {
  redis().Hset(redis::keys::kSrsPlatformSecret, "token", "srs-v1-redis");
  const config::Settings settings(home_.path(), {{"SRS_PLATFORM_SECRET", "srs-v1-env"}});
  ApiSecret secret(redis(), settings);
  EXPECT_EQ(secret.Get(), "srs-v1-env");
}

TEST_F(ApiSecretTest, GetIsEmptyBeforeAnyoneCreatedIt) {
  ApiSecret secret(redis(), settings_);
  EXPECT_EQ(secret.Get(), "");
}

TEST_F(ApiSecretTest, RefreshPicksUpASecretCreatedElsewhere) {
  ApiSecret secret(redis(), settings_);
  redis().Hset(redis::keys::kSrsPlatformSecret, "token", "srs-v1-first");
  EXPECT_EQ(secret.Get(), "srs-v1-first");
  redis().Hset(redis::keys::kSrsPlatformSecret, "token", "srs-v1-second");
  EXPECT_EQ(secret.Get(), "srs-v1-first");  // cached
  EXPECT_EQ(secret.Refresh(), "srs-v1-second");
  EXPECT_EQ(secret.Get(), "srs-v1-second");
}

}  // namespace
}  // namespace sc::auth
