#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "common/async/event_loop.hpp"
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

// srs/verify as the daemon runs it: the server and the bookkeeping's Redis connection share one
// loop, and the answer comes once the bookkeeping is written.
class VerifyUnderLoadTest : public test::RedisTest {
 protected:
  VerifyUnderLoadTest() {
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
  async::EventLoop loop_{2};
  BookkeepingWriter writer_{loop_, redis().options()};
  const VerifyApi verify_{publish_secret_, auth_, {}, writer_};
  http::Router router_;
  http::Server server_{router_, {.loop = &loop_, .access_log = false}};
  std::uint16_t port_ = 0;
};

TEST_F(VerifyUnderLoadTest, EveryCallbackIsWrittenBeforeItsAnswerFromManyConnections) {
  constexpr int kThreads = 4, kStreams = 24;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kStreams; ++i) {
        const std::string stream = "s" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_EQ(Callback("on_publish", stream, "?secret=goodsecret").status, 200);
        EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/" + stream).has_value()) << "answered first";
        EXPECT_EQ(Callback("on_play", stream, "").status, 200);
        if (i % 2 == 1) {
          EXPECT_EQ(Callback("on_unpublish", stream, "").status, 200);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "publish"), std::to_string(kThreads * kStreams));
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "play"), std::to_string(kThreads * kStreams));
  EXPECT_EQ(redis().Hlen(keys::kSrsStreamActive), kThreads * kStreams / 2);
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/s0-0").has_value());
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamActive, "live/s0-1").has_value());
}

TEST_F(VerifyUnderLoadTest, ARefusedWriteFailsItsCallbackWith1007AndTheOthersGoOn) {
  redis().Set(keys::kSrsStatCounter, "not a hash");  // HINCRBY answers WRONGTYPE
  const auto refused = Callback("on_publish", "a", "?secret=goodsecret");
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(Json::parse(refused.body)["code"], 1007) << refused.body;
  EXPECT_NE(refused.body.find("HINCRBY: WRONGTYPE"), std::string::npos) << refused.body;
  redis().Del(keys::kSrsStatCounter);
  EXPECT_EQ(Callback("on_publish", "b", "?secret=goodsecret").status, 200);
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "publish"), "1") << "the refused write was sent again";
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/b").has_value());
}

TEST_F(VerifyUnderLoadTest, WithRedisGoneAPublishIsRefusedWith1007) {
  const test::RefusedPort no_redis;
  BookkeepingWriter unreachable(loop_, {.port = no_redis.port(), .command_timeout = 300ms});
  const VerifyApi verify{publish_secret_, auth_, {}, unreachable};
  http::Router router;
  RegisterRoutes(router, verify);
  http::Server server{router, {.worker_threads = 1, .access_log = false}};
  const std::uint16_t port = server.Start();
  const auto answer = test::PostJson(
      port, "/terraform/v1/hooks/srs/verify",
      R"({"action":"on_publish","vhost":"__defaultVhost__","app":"live","stream":"x","param":"?secret=goodsecret"})");
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(Json::parse(answer.body)["code"], 1007) << answer.body;
}

// The writer alone: each caller hears about its own commands.
class GroupCommitTest : public test::RedisTest {
 protected:
  // Collects the answers of many writes; thread-safe.
  struct Answers {
    void Record(int index, std::exception_ptr error) {
      std::lock_guard lock(mutex);
      results[index] = error ? Code(error) : 0;
      cv.notify_all();
    }
    bool WaitFor(std::size_t count) {
      std::unique_lock lock(mutex);
      return cv.wait_for(lock, 10s, [&] { return results.size() >= count; });
    }
    static int Code(std::exception_ptr error) {
      try {
        std::rethrow_exception(error);
      } catch (const http::ApiError& e) {
        return static_cast<int>(e.code());
      } catch (...) {
        return -1;
      }
    }
    std::mutex mutex;
    std::condition_variable cv;
    std::map<int, int> results;  // index -> 0 (written) or the error code
  };
  BookkeepingWriter::Written Into(Answers& answers, int index) {
    return [&answers, index](std::exception_ptr error) { answers.Record(index, error); };
  }
  // Holds Redis' write commands for `ms` so that the writes queued meanwhile go out together.
  GroupCommitTest() { loop_.Start(); }
  async::EventLoop loop_{1};
  BookkeepingWriter writer_{loop_, redis().options()};
  void PauseWrites(int ms) { redis().Command({"CLIENT", "PAUSE", std::to_string(ms), "WRITE"}); }
};

TEST_F(GroupCommitTest, TheAnswerComesOnceTheCommandsAreInRedis) {
  Answers answers;
  writer_.Write({{"HINCRBY", "K", "f", "2"}, {"HSET", "H", "a", "b"}}, Into(answers, 0));
  ASSERT_TRUE(answers.WaitFor(1));
  EXPECT_EQ(answers.results[0], 0);
  EXPECT_EQ(redis().Hget("K", "f"), "2");
  EXPECT_EQ(redis().Hget("H", "a"), "b");
}

TEST_F(GroupCommitTest, ConcurrentWritesShareRoundTripsAndKeepTheirOrder) {
  constexpr int kWrites = 200;
  Answers answers;
  PauseWrites(300);
  const std::uint64_t before = writer_.RoundTrips();
  for (int i = 0; i < kWrites; ++i) {
    writer_.Write({{"RPUSH", "L", std::to_string(i)}, {"HINCRBY", "K", "n", "1"}}, Into(answers, i));
  }
  ASSERT_TRUE(answers.WaitFor(kWrites));
  for (const auto& [index, code] : answers.results) EXPECT_EQ(code, 0) << index;
  EXPECT_EQ(redis().Hget("K", "n"), std::to_string(kWrites));
  const redis::Reply list = redis().Command({"LRANGE", "L", "0", "-1"});
  ASSERT_EQ(list.array()->size(), static_cast<std::size_t>(kWrites));
  for (int i = 0; i < kWrites; ++i) EXPECT_EQ(*(*list.array())[i].string(), std::to_string(i));
  // The first write waits out the pause; everything queued behind it shares the next trip.
  EXPECT_LE(writer_.RoundTrips() - before, 3u);
}

TEST_F(GroupCommitTest, ARefusedCommandFailsOnlyItsOwnWrite) {
  redis().Set("S", "a string");
  Answers answers;
  PauseWrites(200);
  writer_.Write({{"HINCRBY", "K", "n", "1"}}, Into(answers, 0));  // carries the pause
  writer_.Write({{"HINCRBY", "K", "n", "1"}}, Into(answers, 1));
  writer_.Write({{"HSET", "H", "x", "1"}, {"HINCRBY", "S", "n", "1"}}, Into(answers, 2));  // WRONGTYPE
  writer_.Write({{"HINCRBY", "K", "n", "1"}}, Into(answers, 3));
  ASSERT_TRUE(answers.WaitFor(4));
  EXPECT_EQ(answers.results[0], 0);
  EXPECT_EQ(answers.results[1], 0);
  EXPECT_EQ(answers.results[2], static_cast<int>(http::ErrorCode::kSysRedis));
  EXPECT_EQ(answers.results[3], 0);
  EXPECT_EQ(redis().Hget("K", "n"), "3");
  EXPECT_EQ(redis().Hget("H", "x"), "1") << "what ran before the refused command stays";
}

TEST_F(GroupCommitTest, RedisGoneAnswersEveryWaitingWriteWith1007AndRetriesNothing) {
  const test::RefusedPort no_redis;
  BookkeepingWriter writer(loop_, {.port = no_redis.port(), .command_timeout = 300ms});
  Answers answers;
  for (int i = 0; i < 20; ++i) writer.Write({{"HINCRBY", "K", "n", "1"}}, Into(answers, i));
  ASSERT_TRUE(answers.WaitFor(20));
  for (const auto& [index, code] : answers.results) {
    EXPECT_EQ(code, static_cast<int>(http::ErrorCode::kSysRedis)) << index;
  }
}

TEST_F(GroupCommitTest, AnEmptyWriteIsAnsweredAtOnce) {
  Answers answers;
  writer_.Write({}, Into(answers, 0));
  ASSERT_TRUE(answers.WaitFor(1));
  EXPECT_EQ(answers.results[0], 0);
}

}  // namespace
}  // namespace sc::hooks
