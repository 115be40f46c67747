#include "common/redis/pipe.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "common/async/event_loop.hpp"
#include "common/http/api_error.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"
#include "tests/support/wait.hpp"

namespace sc::redis {
namespace {

using namespace std::chrono_literals;

// What one Send was told.
struct Outcome {
  std::string failure{};  // the ApiError's message; empty when Redis answered
  int code = 0;
  std::vector<std::string> errors{};
};

class RedisPipeTest : public test::RedisTest {
 protected:
  RedisPipeTest() { loop_.Start(); }

  static Outcome SendAndWait(Pipe& pipe, std::vector<std::vector<std::string>> commands) {
    std::promise<Outcome> promise;
    pipe.Send(std::move(commands), [&promise](std::exception_ptr failure, std::vector<std::string> errors) {
      Outcome outcome{.errors = std::move(errors)};
      if (failure) {
        try {
          std::rethrow_exception(failure);
        } catch (const http::ApiError& e) {
          outcome.failure = e.what();
          outcome.code = static_cast<int>(e.code());
        }
      }
      promise.set_value(std::move(outcome));
    });
    return promise.get_future().get();
  }
  Options WithTimeout(std::chrono::milliseconds timeout) {
    Options options = redis().options();
    options.command_timeout = timeout;
    return options;
  }

  async::EventLoop loop_{1};
  Pipe pipe_{loop_, redis().options()};
};

TEST_F(RedisPipeTest, AuthenticatesAndReportsEachCommand) {
  redis().Set("S", "a string");
  const Outcome outcome = SendAndWait(pipe_, {{"HSET", "H", "f", "v"}, {"HINCRBY", "S", "n", "1"}, {"GET", "S"}});
  EXPECT_EQ(outcome.failure, "");
  ASSERT_EQ(outcome.errors.size(), 3u);
  EXPECT_EQ(outcome.errors[0], "");
  EXPECT_EQ(outcome.errors[1].rfind("HINCRBY: WRONGTYPE", 0), 0u) << outcome.errors[1];
  EXPECT_EQ(outcome.errors[2], "");
  EXPECT_EQ(redis().Hget("H", "f"), "v");
  EXPECT_TRUE(pipe_.Connected());
}

TEST_F(RedisPipeTest, AWrongPasswordFailsWith1007WithoutShowingThePassword) {
  Options options = redis().options();
  options.password = "not-the-password-xyz";
  Pipe pipe(loop_, options);
  const Outcome outcome = SendAndWait(pipe, {{"SET", "K", "v"}});
  EXPECT_EQ(outcome.code, static_cast<int>(http::ErrorCode::kSysRedis));
  EXPECT_NE(outcome.failure.find("AUTH"), std::string::npos) << outcome.failure;
  EXPECT_EQ(outcome.failure.find("not-the-password-xyz"), std::string::npos) << outcome.failure;
  EXPECT_FALSE(redis().Get("K").has_value());
}

TEST_F(RedisPipeTest, NoRedisFailsEverySendWith1007) {
  const test::RefusedPort no_redis;
  Pipe pipe(loop_, {.port = no_redis.port(), .command_timeout = 300ms});
  for (int i = 0; i < 3; ++i) {
    const Outcome outcome = SendAndWait(pipe, {{"SET", "K", "v"}});
    EXPECT_EQ(outcome.code, static_cast<int>(http::ErrorCode::kSysRedis));
    EXPECT_NE(outcome.failure.find("connect to 127.0.0.1:"), std::string::npos) << outcome.failure;
  }
  EXPECT_FALSE(pipe.Connected());
}

TEST_F(RedisPipeTest, ASlowRedisFailsTheBatchAfterTheCommandTimeoutAndTheNextOneReconnects) {
  Pipe pipe(loop_, WithTimeout(200ms));
  ASSERT_EQ(SendAndWait(pipe, {{"SET", "K", "1"}}).failure, "");
  redis().Command({"CLIENT", "PAUSE", "800", "WRITE"});
  const Outcome slow = SendAndWait(pipe, {{"SET", "K", "2"}});
  EXPECT_EQ(slow.code, static_cast<int>(http::ErrorCode::kSysRedis));
  EXPECT_NE(slow.failure.find("no answer within 200 ms"), std::string::npos) << slow.failure;
  redis().Command({"CLIENT", "UNPAUSE"});
  const Outcome after = SendAndWait(pipe, {{"SET", "K", "3"}});
  EXPECT_EQ(after.failure, "");
  EXPECT_TRUE(test::WaitUntil([&] { return redis().Get("K") == "3"; }, 2s));
}

TEST_F(RedisPipeTest, AConnectionRedisClosedWhileIdleIsReplacedWithoutFailingASend) {
  ASSERT_EQ(SendAndWait(pipe_, {{"SET", "K", "1"}}).failure, "");
  ASSERT_TRUE(pipe_.Connected());
  redis().Command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});
  ASSERT_TRUE(test::WaitUntil([&] { return !pipe_.Connected(); }, 2s)) << "the close went unnoticed";
  const Outcome outcome = SendAndWait(pipe_, {{"SET", "K", "2"}});
  EXPECT_EQ(outcome.failure, "");
  EXPECT_EQ(redis().Get("K"), "2");
}

TEST_F(RedisPipeTest, SendsFromManyThreadsShareRoundTripsInOrderPerThread) {
  constexpr int kThreads = 4, kSends = 200;
  std::vector<std::thread> threads;
  std::atomic<int> answered{0}, failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSends; ++i) {
        pipe_.Send({{"RPUSH", "L" + std::to_string(t), std::to_string(i)}},
                   [&](std::exception_ptr failure, std::vector<std::string> errors) {
                     if (failure || errors.at(0) != "") ++failed;
                     ++answered;
                   });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(test::WaitUntil([&] { return answered == kThreads * kSends; }, 10s));
  EXPECT_EQ(failed, 0);
  for (int t = 0; t < kThreads; ++t) {
    const Reply list = redis().Command({"LRANGE", "L" + std::to_string(t), "0", "-1"});
    ASSERT_EQ(list.array()->size(), static_cast<std::size_t>(kSends));
    for (int i = 0; i < kSends; ++i) EXPECT_EQ(*(*list.array())[i].string(), std::to_string(i));
  }
  EXPECT_LT(pipe_.RoundTrips(), static_cast<std::uint64_t>(kThreads * kSends));
}

TEST_F(RedisPipeTest, ASenderMaySendAgainFromItsAnswer) {
  std::promise<std::vector<std::string>> second;
  pipe_.Send({{"SET", "A", "1"}, {"HINCRBY", "A", "f", "1"}},
             [&](std::exception_ptr, std::vector<std::string> first_errors) {
               pipe_.Send({{"SET", "B", "2"}}, [&, first_errors](std::exception_ptr, std::vector<std::string>) {
                 second.set_value(first_errors);
               });
             });
  auto answer = second.get_future();
  ASSERT_EQ(answer.wait_for(5s), std::future_status::ready);
  const std::vector<std::string> first_errors = answer.get();
  ASSERT_EQ(first_errors.size(), 2u);
  EXPECT_EQ(first_errors[0], "");
  EXPECT_EQ(first_errors[1].rfind("HINCRBY: WRONGTYPE", 0), 0u);
  EXPECT_EQ(redis().Get("B"), "2");
}

// Sends made while the loop runs one handler (here: an answer) go out in one pipeline, instead
// of the first going alone and the rest waiting for its round trip.
TEST_F(RedisPipeTest, SendsOfOneHandlerOnTheLoopShareOneRoundTrip) {
  ASSERT_EQ(SendAndWait(pipe_, {{"PING"}}).failure, "");  // connected and authenticated
  const std::uint64_t before = pipe_.RoundTrips();
  std::promise<void> all_answered;
  int answered = 0;  // touched on the loop only
  pipe_.Send({{"SET", "N", "0"}}, [&](std::exception_ptr, std::vector<std::string>) {
    for (int i = 0; i < 3; ++i) {
      pipe_.Send({{"INCR", "N"}}, [&](std::exception_ptr, std::vector<std::string>) {
        if (++answered == 3) all_answered.set_value();
      });
    }
  });
  ASSERT_EQ(all_answered.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(pipe_.RoundTrips() - before, 2u) << "the SET, then the three INCRs together";
  EXPECT_EQ(redis().Get("N"), "3");
}

TEST_F(RedisPipeTest, WhatIsStillWaitingWhenThePipeGoesIsAnsweredWithAFailure) {
  std::promise<bool> failed;
  {
    Pipe pipe(loop_, WithTimeout(5s));
    redis().Command({"CLIENT", "PAUSE", "500", "WRITE"});
    pipe.Send({{"SET", "K", "1"}}, [&](std::exception_ptr failure, std::vector<std::string>) {
      failed.set_value(failure != nullptr);
    });
  }
  auto answer = failed.get_future();
  ASSERT_EQ(answer.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(answer.get());
}

}  // namespace
}  // namespace sc::redis
