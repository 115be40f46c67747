#include <gtest/gtest.h>

#include <future>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/redis_test.hpp"

namespace sc {
namespace {

using namespace std::chrono_literals;

// A handler waiting on Redis runs on a worker, so the I/O loop keeps serving other requests,
// and a hung Redis gives the 1007 envelope after the command timeout instead of a hang.
class RedisHttpTest : public test::RedisTest {
 protected:
  RedisHttpTest() {
    router_.Any("/value", [this](const http::Request&) { return Json(daemon_redis_.Get("k").value_or("")); })
        .Any("/fast", [](const http::Request&) { return Json("fast"); });
    port_ = server_.Start();
  }
  redis::Client daemon_redis_{server().options()};  // the daemon's own client, not the test's
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2}};
  std::uint16_t port_ = 0;
};

TEST_F(RedisHttpTest, HungRedisBlocksNeitherTheLoopNorTheCaller) {
  redis().Set("k", "v");
  EXPECT_EQ(test::Fetch(port_, "GET", "/value").body, R"({"code":0,"data":"v"})");
  server().Pause();
  auto waiting = std::async(std::launch::async, [this] { return test::Fetch(port_, "GET", "/value"); });
  std::this_thread::sleep_for(100ms);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(test::Fetch(port_, "GET", "/fast").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 300ms);
  const auto failed = waiting.get();
  server().Resume();
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body.rfind(R"({"code":1007,"data":{"message":"redis GET: timed out)", 0), 0u)
      << failed.body;
  EXPECT_EQ(test::Fetch(port_, "GET", "/value").body, R"({"code":0,"data":"v"})");
}

TEST_F(RedisHttpTest, RestartedRedisNeedsNoDaemonRestart) {
  redis().Set("k", "v");
  EXPECT_EQ(test::Fetch(port_, "GET", "/value").status, 200);
  server().Restart();
  redis().Set("k", "after");
  EXPECT_EQ(test::Fetch(port_, "GET", "/value").body, R"({"code":0,"data":"after"})");
}

}  // namespace
}  // namespace sc
