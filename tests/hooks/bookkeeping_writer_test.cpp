#include <gtest/gtest.h>

#include <thread>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/api_error.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/redis/keys.hpp"
#include "hooks/bookkeeping_writer.hpp"
#include "hooks/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

namespace keys = redis::keys;
using namespace std::chrono_literals;

// srs/verify as the daemon runs it: bookkeeping written behind the answer (BookkeepingWriter).
class WriteBehindVerifyTest : public test::RedisTest {
 protected:
  WriteBehindVerifyTest() {
    redis().Set(keys::kSrsSecretPublish, "goodsecret");
    RegisterRoutes(router_, verify_);
    port_ = server_.Start();
  }
  http::ClientResponse Callback(const std::string& action, const std::string& stream, const std::string& param) {
    return test::PostJson(port_, "/terraform/v1/hooks/srs/verify",
                          Stringify(Json{{"action", action}, {"client_id", "c"}, {"server_id", "s"},
                                         {"vhost", "__defaultVhost__"}, {"app", "live"}, {"stream", stream},
                                         {"param", param}}));
  }

  test::TempDir home_;
  config::Settings settings_{home_.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  auth::ApiSecret api_secret_{redis(), settings_};
  const auth::TokenAuth auth_{api_secret_, settings_};
  PublishSecret publish_secret_{redis()};
  BookkeepingWriter writer_{redis()};
  const VerifyApi verify_{publish_secret_, auth_, {}, writer_, true};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 4, .access_log = false}};
  std::uint16_t port_ = 0;
};

TEST_F(WriteBehindVerifyTest, EveryCallbackIsWrittenInOrderFromManyConnections) {
  constexpr int kThreads = 4, kStreams = 24;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kStreams; ++i) {
        const std::string stream = "s" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_EQ(Callback("on_publish", stream, "?secret=goodsecret").status, 200);
        EXPECT_EQ(Callback("on_play", stream, "").status, 200);
        // Odd streams end again: their unpublish must never overtake their publish.
        if (i % 2 == 1) {
          EXPECT_EQ(Callback("on_unpublish", stream, "").status, 200);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(writer_.Flush(10s));
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "publish"), std::to_string(kThreads * kStreams));
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "play"), std::to_string(kThreads * kStreams));
  EXPECT_EQ(redis().Hlen(keys::kSrsStreamActive), kThreads * kStreams / 2);
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/s0-0").has_value());
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamActive, "live/s0-1").has_value());
}

TEST_F(WriteBehindVerifyTest, ARefusedWriteIsDroppedAndTheOthersGoOn) {
  redis().Set(keys::kSrsStatCounter, "not a hash");  // HINCRBY answers WRONGTYPE
  EXPECT_EQ(Callback("on_publish", "a", "?secret=goodsecret").status, 200);
  ASSERT_TRUE(writer_.Flush(10s));
  redis().Del(keys::kSrsStatCounter);
  EXPECT_EQ(Callback("on_publish", "b", "?secret=goodsecret").status, 200);
  ASSERT_TRUE(writer_.Flush(10s));
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "publish"), "1") << "the refused batch was sent again";
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/a").has_value());
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/b").has_value());
}

TEST_F(WriteBehindVerifyTest, WritesWaitForRedisAndFailOnceTheLineIsFullAndRedisStaysGone) {
  redis::Client unreachable({.port = test::FreePort(), .command_timeout = 300ms});
  BookkeepingWriter writer(unreachable, 4);
  writer.Write({{"HINCRBY", "K", "f", "1"}, {"HINCRBY", "K", "f", "1"}});
  writer.Write({{"HINCRBY", "K", "f", "1"}, {"HINCRBY", "K", "f", "1"}});
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(writer.Write({{"HINCRBY", "K", "f", "1"}}), http::ApiError);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms) << "no backpressure wait";
  EXPECT_FALSE(writer.Flush(100ms));
}

}  // namespace
}  // namespace sc::hooks
