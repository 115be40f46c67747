#include "common/http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/http/metrics.hpp"
#include "common/http/api_error.hpp"
#include "common/http/router.hpp"
#include "common/util/worker_pool.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/log_capture.hpp"
#include "tests/support/net.hpp"
#include "tests/support/wait.hpp"

namespace sc::http {
namespace {

using namespace std::chrono_literals;

using test::LogCapture;

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.Any("/hello", [](const Request&) { return Json{{"hello", "world"}}; })
        .Any("/echo", [](const Request& r) { return r.json; })
        .Any("/size", [](const Request& r) { return Json(r.body.size()); })
        .Any("/slow",
             [](const Request&) {
               std::this_thread::sleep_for(400ms);
               return Json("slow");
             })
        .AnyRaw("/empty",
                [](const Request&) {
                  Response response = Response::Text(204, "dropped");
                  response.headers.Set("X-Twice", "first");
                  response.headers.Set("X-Twice", "second");
                  return response;
                })
        .AnyDeferred("/later",
                     [this](const Request& request, Completion completion) {
                       std::lock_guard lock(parked_mutex_);
                       parked_.emplace_back(request.json.value("n", "?"), std::move(completion));
                       parked_cv_.notify_all();
                     })
        .AnyDeferred("/forgotten", [](const Request&, Completion) {})
        .AnyDeferred("/throws",
                     [](const Request&, Completion) { throw std::runtime_error("deferred boom"); })
        .AnyRaw("/file", [this](const Request&) {
          Response response;
          response.file = dir_.path() + "/data.bin";
          return response;
        });
    std::ofstream(dir_.path() + "/data.bin") << std::string(300000, 'z');
  }

  std::uint16_t Start(ServerOptions options = {}) {
    options.port = 0;
    options.worker_threads = 2;
    options.metrics = &metrics_;
    server_ = std::make_unique<Server>(router_, options);
    return port_ = server_->Start();
  }

  // Answers of /later, held until the test releases them.
  std::mutex parked_mutex_;
  std::condition_variable parked_cv_;
  std::vector<std::pair<std::string, Completion>> parked_;

  test::TempDir dir_;
  Router router_;
  Metrics metrics_{"test"};
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, ServesOnAnEphemeralPort) {
  ASSERT_NE(Start(), 0);
  const auto response = test::Fetch(port_, "GET", "/hello");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"code":0,"data":{"hello":"world"}})");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "*");
}

TEST_F(ServerTest, KeepAliveAndPipeliningAnswerInOrderOnOneConnection) {
  Start();
  const std::string answer = test::RawExchange(
      port_,
      "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n"
      "{\"n\":1}"
      "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
      5000ms);
  const size_t first = answer.find(R"({"code":0,"data":"slow"})");
  const size_t second = answer.find(R"({"code":0,"data":{"n":1}})");
  const size_t third = answer.find(R"({"code":0,"data":{"hello":"world"}})");
  ASSERT_NE(first, std::string::npos) << answer;
  ASSERT_NE(second, std::string::npos) << answer;
  ASSERT_NE(third, std::string::npos) << answer;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST_F(ServerTest, IdleKeepAliveConnectionStaysOpenBetweenRequests) {
  Start();
  test::RawConnection connection(port_);
  for (int i = 0; i < 3; ++i) {
    connection.Send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_NE(connection.ReadUntil("world\"}}", 2000ms).find("200 OK"), std::string::npos);
  }
  EXPECT_FALSE(connection.ClosedByPeer(100ms));
}

TEST_F(ServerTest, JsonBodyOverOneMegabyteIs413InTheEnvelope) {
  Start();
  const auto response = test::PostJson(port_, "/size", std::string(1024 * 1024 + 1, ' '));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body,
            R"({"code":1004,"data":{"message":"request entity too large, limit is 1048576 bytes"}})");
}

TEST_F(ServerTest, JsonBodyOfExactlyOneMegabyteIsAccepted) {
  Start();
  std::string body = R"({"a":")";
  body += std::string(1024 * 1024 - body.size() - 2, 'x') + "\"}";
  ASSERT_EQ(body.size(), 1024u * 1024u);
  const auto response = test::PostJson(port_, "/size", body);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"code":0,"data":1048576})");
}

TEST_F(ServerTest, FormBodyLimitIs56Kilobytes) {
  Start();
  const std::vector<std::pair<std::string, std::string>> form = {
      {"Content-Type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(test::Fetch(port_, "POST", "/size", "a=" + std::string(56 * 1024 - 2, 'x'), form).status,
            200);
  const auto rejected = test::Fetch(port_, "POST", "/size", "a=" + std::string(56 * 1024, 'x'), form);
  EXPECT_EQ(rejected.status, 413);
  EXPECT_NE(rejected.body.find(R"("code":1004)"), std::string::npos);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  Start();
  std::string request =
      "POST /size HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 8; ++i) request += "2000\r\n" + std::string(0x2000, 'x') + "\r\n";
  request += "0\r\n\r\n";
  const std::string answer = test::RawExchange(port_, request, 3000ms);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  Start();
  const std::string answer = test::RawExchange(port_, "THIS IS NOT HTTP\r\n\r\n", 2000ms);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  Start();
  test::RawConnection connection(port_);
  connection.Send(
      "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_NE(connection.ReadUntil("\r\n\r\n", 2000ms).find("100 Continue"), std::string::npos);
  connection.Send(R"({"n":2})");
  EXPECT_NE(connection.ReadUntil("}}", 2000ms).find(R"({"code":0,"data":{"n":2}})"),
            std::string::npos);
}

TEST_F(ServerTest, HeadAnswersHeadersOnly) {
  Start();
  const std::string answer =
      test::RawExchange(port_, "HEAD /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  EXPECT_NE(answer.find("Content-Length: 35\r\n"), std::string::npos) << answer;
  EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << answer;
}

TEST_F(ServerTest, DeferredHandlersAnswerFromAnotherThreadWithoutHoldingOne) {
  Start();  // two threads
  constexpr int kRequests = 6;
  std::vector<std::future<http::ClientResponse>> answers;
  for (int i = 0; i < kRequests; ++i) {
    answers.push_back(std::async(std::launch::async, [this, i] {
      return test::PostJson(port_, "/later", R"({"n":")" + std::to_string(i) + R"("})");
    }));
  }
  {
    // All six wait at once: a waiting handler holds neither of the two threads.
    std::unique_lock lock(parked_mutex_);
    ASSERT_TRUE(parked_cv_.wait_for(lock, 5s, [&] { return parked_.size() == kRequests; }));
    EXPECT_EQ(test::Fetch(port_, "GET", "/hello").status, 200) << "threads are free meanwhile";
    std::thread([parked = std::move(parked_)] {
      for (const auto& [n, completion] : parked) completion.Succeed(Json{{"n", n}});
    }).join();
  }
  for (int i = 0; i < kRequests; ++i) {
    const auto response = answers[i].get();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"code":0,"data":{"n":")" + std::to_string(i) + R"("}})");
    EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "*");
  }
}

TEST_F(ServerTest, DeferredHandlerThatNeverAnswersGets500AndOneThatThrowsItsEnvelope) {
  Start();
  const auto forgotten = test::Fetch(port_, "GET", "/forgotten");
  EXPECT_EQ(forgotten.status, 500);
  EXPECT_EQ(forgotten.body, R"({"code":1,"data":{"message":"no answer"}})");
  const auto thrown = test::Fetch(port_, "GET", "/throws");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body, R"({"code":1,"data":{"message":"deferred boom"}})");
}

TEST_F(ServerTest, Http10KeepsAliveOnlyWhenAsked) {
  Start();
  test::RawConnection connection(port_);
  connection.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  const std::string first = connection.ReadUntil("world\"}}", 2000ms);
  EXPECT_EQ(first.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << first;
  EXPECT_NE(first.find("Connection: keep-alive\r\n"), std::string::npos) << first;
  EXPECT_NE(first.find("Content-Length: 35\r\n"), std::string::npos) << first;
  connection.Send("GET /hello HTTP/1.0\r\n\r\n");
  const std::string second = connection.ReadUntil("", 2000ms);
  EXPECT_NE(second.find("world"), std::string::npos) << second;
  EXPECT_EQ(second.find("Connection: keep-alive"), std::string::npos) << second;
  EXPECT_TRUE(connection.ClosedByPeer(500ms));
}

TEST_F(ServerTest, NoContentHasNeitherBodyNorLengthAndTheLastHeaderValueWins) {
  Start();
  test::RawConnection connection(port_);
  connection.Send("GET /empty HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
  const std::string answer = connection.ReadUntil("world\"}}", 2000ms);
  const std::string first = answer.substr(0, answer.find("\r\n\r\n") + 4);
  EXPECT_EQ(first.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << answer;
  EXPECT_EQ(first.find("Content-Length"), std::string::npos) << first;
  EXPECT_NE(first.find("X-Twice: second\r\n"), std::string::npos) << first;
  EXPECT_EQ(first.find("first"), std::string::npos) << first;
  // The next answer starts right after the empty line: no body was sent.
  EXPECT_EQ(answer.find("HTTP/1.1 200 OK\r\n"), first.size()) << answer;
}

TEST_F(ServerTest, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  Start({.idle_timeout = 300ms, .io_timeout = 5s});
  test::RawConnection connection(port_);
  connection.Send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_NE(connection.ReadUntil("world\"}}", 2000ms).find("200 OK"), std::string::npos);
  EXPECT_FALSE(connection.ClosedByPeer(150ms));
  EXPECT_TRUE(connection.ClosedByPeer(2000ms));
}

TEST_F(ServerTest, ABodyThatStopsArrivingIsCutOffAfterTheIoTimeout) {
  Start({.idle_timeout = 10s, .io_timeout = 300ms});
  test::RawConnection connection(port_);
  const auto started = std::chrono::steady_clock::now();
  connection.Send(
      "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"a\"");
  EXPECT_TRUE(connection.ClosedByPeer(3000ms));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
}

TEST_F(ServerTest, AHandlerSlowerThanTheTimeoutsStillAnswers) {
  Start({.idle_timeout = 150ms, .io_timeout = 150ms});  // /slow takes 400 ms
  test::RawConnection connection(port_);
  connection.Send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_NE(connection.ReadUntil("slow\"}", 3000ms).find("200 OK"), std::string::npos);
  connection.Send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_NE(connection.ReadUntil("world\"}}", 2000ms).find("200 OK"), std::string::npos)
      << "the timer that fired during the handler closed the connection";
}

TEST(BlockingHandlersTest, OnTheirOwnThreadsTheyDoNotHoldUpAOneThreadLoop) {
  util::WorkerPool pool(2);
  Router router;
  router.RunBlockingOn(pool);
  std::promise<void> release;
  const std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> started{false}, saw_release{false};
  router
      .Any("/blocking",
           [&](const Request&) {
             started = true;
             saw_release = released.wait_for(5s) == std::future_status::ready;
             return Json("done");
           })
      .Any("/hello", [](const Request&) { return Json("hi"); })
      .Any("/throws", [](const Request&) -> Json { throw ApiError(ErrorCode::kSysInvalid, 422, "bad"); });
  Server server(router, {.worker_threads = 1, .access_log = false});
  const std::uint16_t port = server.Start();
  auto blocking = std::async(std::launch::async, [port] { return test::Fetch(port, "GET", "/blocking"); });
  ASSERT_TRUE(test::WaitUntil([&] { return started.load(); }, 5s));
  const auto hello = test::Fetch(port, "GET", "/hello");  // while /blocking still waits
  EXPECT_EQ(hello.body, R"({"code":0,"data":"hi"})");
  release.set_value();
  EXPECT_EQ(blocking.get().body, R"({"code":0,"data":"done"})");
  EXPECT_TRUE(saw_release) << "the loop waited for the blocking handler";
  const auto thrown = test::Fetch(port, "GET", "/throws");
  EXPECT_EQ(thrown.status, 422);
  EXPECT_EQ(thrown.body, R"({"code":1004,"data":{"message":"bad"}})");
  EXPECT_EQ(thrown.headers.Get("Access-Control-Allow-Origin"), "*");
}

TEST_F(ServerTest, FileResponsesAreStreamed) {
  Start();
  const auto response = test::Fetch(port_, "GET", "/file");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, std::string(300000, 'z'));
}

TEST_F(ServerTest, SlowHandlerDoesNotBlockOtherRequests) {
  Start();
  auto slow = std::async(std::launch::async, [this] { return test::Fetch(port_, "GET", "/slow"); });
  std::this_thread::sleep_for(50ms);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(test::Fetch(port_, "GET", "/hello").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_EQ(slow.get().status, 200);
}

TEST_F(ServerTest, StopDrainsInFlightRequestsAndRefusesNewOnes) {
  Start({.drain_timeout = 10s});
  auto slow = std::async(std::launch::async, [this] { return test::Fetch(port_, "GET", "/slow"); });
  std::this_thread::sleep_for(100ms);
  server_->Stop();
  const auto response = slow.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"code":0,"data":"slow"})");
  EXPECT_EQ(response.headers.Get("Connection"), "close");
  EXPECT_FALSE(test::PortAcceptsConnections(port_));
}

TEST_F(ServerTest, StopDoesNotWaitForIdleKeepAliveConnections) {
  Start({.drain_timeout = 20s});
  test::RawConnection connection(port_);
  connection.Send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
  connection.ReadUntil("world\"}}", 2000ms);
  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_TRUE(connection.ClosedByPeer(1000ms));
}

TEST_F(ServerTest, StopTwiceAndStopWithoutStartAreHarmless) {
  Server never_started(router_, {});
  never_started.Stop();
  Start();
  server_->Stop();
  server_->Stop();
}

TEST_F(ServerTest, ListenFailureThrowsWithTheAddress) {
  Start();
  Server second(router_, {.port = port_});
  try {
    second.Start();
    FAIL() << "bound the same port twice";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(port_)),
              std::string::npos);
  }
}

TEST_F(ServerTest, WritesOneAccessLineWithSecretsRedacted) {
  LogCapture capture;
  Start();
  test::Fetch(port_, "GET", "/hello?app=live&secret=hunter2");
  server_->Stop();
  const std::string log = capture.text();
  EXPECT_NE(log.find("127.0.0.1 GET /hello?app=live&secret=*** 200 "), std::string::npos) << log;
  EXPECT_EQ(log.find("hunter2"), std::string::npos);
}

TEST_F(ServerTest, RecordsMetricsPerRoute) {
  Start();
  test::Fetch(port_, "GET", "/hello");
  test::Fetch(port_, "GET", "/missing");
  const std::string text = metrics_.Render();
  EXPECT_NE(text.find(R"(route="/hello",status="200"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"x(route="(unmatched)",status="404"} 1)x"), std::string::npos) << text;
}

}  // namespace
}  // namespace sc::http
