#include "common/redis/client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::redis {
namespace {

using namespace std::chrono_literals;

class RedisClientTest : public test::RedisTest {};

void ExpectRedisError(const std::function<void()>& action, const std::string& fragment) {
  try {
    action();
    FAIL() << "no error";
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kSysRedis);
    EXPECT_EQ(error.http_status(), 500);
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

TEST_F(RedisClientTest, StringsAndHashes) {
  EXPECT_EQ(redis().Get("missing"), std::nullopt);
  redis().Set(keys::kSrsSecretPublish, "abcd1234");
  EXPECT_EQ(redis().Get(keys::kSrsSecretPublish), "abcd1234");
  EXPECT_EQ(redis().Hset(keys::kSrsBeian, "icp", "x"), 1);
  EXPECT_EQ(redis().Hset(keys::kSrsBeian, "icp", "y"), 0);
  EXPECT_EQ(redis().Hget(keys::kSrsBeian, "icp"), "y");
  EXPECT_EQ(redis().Hget(keys::kSrsBeian, "none"), std::nullopt);
  EXPECT_EQ(redis().Hlen(keys::kSrsBeian), 1);
  EXPECT_TRUE(redis().Hsetnx(keys::kSrsBeian, "other", "1"));
  EXPECT_FALSE(redis().Hsetnx(keys::kSrsBeian, "other", "2"));
  EXPECT_EQ(redis().Hkeys(keys::kSrsBeian), (std::vector<std::string>{"icp", "other"}));
  EXPECT_EQ(redis().Hgetall(keys::kSrsBeian).size(), 2u);
  EXPECT_EQ(redis().Hdel(keys::kSrsBeian, "icp"), 1);
  EXPECT_EQ(redis().Del(keys::kSrsBeian), 1);
  EXPECT_EQ(redis().Hincrby(keys::kSrsStatCounter, "publish", 1), 1);
  EXPECT_EQ(redis().Hincrby(keys::kSrsStatCounter, "publish", 2), 3);
}

TEST_F(RedisClientTest, ValuesAreBinarySafe) {
  const std::string value("a\0b\r\n", 5);
  redis().Hset("K", std::string("f\0", 2), value);
  EXPECT_EQ(redis().Hget("K", std::string("f\0", 2)), value);
}

TEST_F(RedisClientTest, HscanWalksEveryEntry) {
  for (int i = 0; i < 250; ++i) redis().Hset("H", "f" + std::to_string(i), std::to_string(i));
  std::set<std::string> seen;
  std::string cursor = "0";
  do {
    const ScanPage page = redis().Hscan("H", cursor, "*", 50);
    for (const auto& [field, value] : page.entries) seen.insert(field);
    cursor = page.cursor;
  } while (cursor != "0");
  EXPECT_EQ(seen.size(), 250u);
}

TEST_F(RedisClientTest, ErrorReplyIs1007AndConnectionStaysUsable) {
  redis().Set("S", "x");
  ExpectRedisError([&] { redis().Hget("S", "f"); }, "redis HGET: WRONGTYPE");
  EXPECT_EQ(redis().Get("S"), "x");
}

TEST_F(RedisClientTest, WrongPasswordIs1007WithoutThePassword) {
  Options options = server().options();
  options.password = "not-the-password";
  Client client(options);
  ExpectRedisError([&] { client.Get("x"); }, "redis AUTH");
  try {
    client.Get("x");
  } catch (const http::ApiError& error) {
    EXPECT_EQ(std::string(error.what()).find("not-the-password"), std::string::npos);
  }
}

TEST_F(RedisClientTest, NoServerIs1007Quickly) {
  const test::RefusedPort no_redis;
  Options options = server().options();
  options.port = no_redis.port();
  Client client(options);
  const auto started = std::chrono::steady_clock::now();
  ExpectRedisError([&] { client.Get("x"); }, "redis connect 127.0.0.1:");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_FALSE(client.Ping());
}

TEST_F(RedisClientTest, HungServerTimesOutInsteadOfBlocking) {
  redis().Set("k", "v");
  server().Pause();
  const auto started = std::chrono::steady_clock::now();
  ExpectRedisError([&] { redis().Get("k"); }, "timed out after 500ms");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  server().Resume();
  EXPECT_EQ(redis().Get("k"), "v");  // reconnects by itself
}

TEST_F(RedisClientTest, ReconnectsAfterTheServerRestarts) {
  redis().Set("before", "1");
  server().Restart();
  // The pooled connection is dead; the client notices, reconnects and retries once.
  EXPECT_EQ(redis().Get("before"), std::nullopt);
  redis().Set("after", "2");
  EXPECT_EQ(redis().Get("after"), "2");
}

TEST_F(RedisClientTest, FailsWhileDownAndRecoversWhenBack) {
  redis().Set("k", "v");
  server().Stop();
  ExpectRedisError([&] { redis().Get("k"); }, "redis");
  server().Start();
  redis().Set("k", "again");
  EXPECT_EQ(redis().Get("k"), "again");
}

TEST_F(RedisClientTest, ManyThreadsShareThePool) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        try {
          redis().Hincrby("C", "n", 1);
          if (redis().Hget("C", "n") == std::nullopt) ++failures;
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(redis().Hget("C", "n"), "1600");
}

TEST(RedisKeysTest, CatalogueNamesMatchTheOriginal) {
  EXPECT_EQ(keys::kSrsPlatformSecret, "SRS_PLATFORM_SECRET");
  EXPECT_EQ(keys::kSrsStreamActive, "SRS_STREAM_ACTIVE");
  EXPECT_EQ(keys::kSrsDvrM3u8Metadata, "SRS_DVR_M3U8_METADATA");
  EXPECT_EQ(keys::kSrsVodCosToken, "SRS_VOD_COS_TOKEN");
}

}  // namespace
}  // namespace sc::redis
