#include "common/http/client.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "tests/support/net.hpp"

namespace sc::http {
namespace {

using namespace std::chrono_literals;

class ClientTest : public ::testing::Test {
 protected:
  ClientTest() {
    router_.Any("/json", [](const Request& r) { return Json{{"method", r.method}, {"body", r.json}}; })
        .AnyRaw("/text", [](const Request&) {
          Response response = Response::Text(418, "teapot");
          response.headers.Set("X-Extra", "yes");
          return response;
        })
        .AnyRaw("/big", [](const Request&) { return Response::Text(200, std::string(5000, 'b')); })
        .AnyRaw("/slow", [](const Request&) {
          std::this_thread::sleep_for(1500ms);
          return Response::Text(200, "late");
        });
    port_ = server_.Start();
  }
  std::string Url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  Router router_;
  Server server_{router_, {.worker_threads = 2}};
  std::uint16_t port_ = 0;
};

TEST_F(ClientTest, AnyStatusIsAResponseWithHeadersAndBody) {
  const ClientResponse response = Fetch({.url = Url("/text")});
  EXPECT_EQ(response.status, 418);
  EXPECT_EQ(response.body, "teapot");
  EXPECT_EQ(response.headers.Get("x-extra"), "yes");
}

TEST_F(ClientTest, FetchJsonSendsAndParsesJson) {
  const Json answer = FetchJson({.method = "POST", .url = Url("/json")}, Json{{"k", "v"}});
  EXPECT_EQ(answer, (Json{{"code", 0}, {"data", {{"method", "POST"}, {"body", {{"k", "v"}}}}}}));
}

TEST_F(ClientTest, NonJsonAnswerIsAClientError) {
  EXPECT_THROW(FetchJson({.url = Url("/text")}, nullptr), ClientError);
}

TEST_F(ClientTest, TimeoutIsAClientError) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(Fetch({.url = Url("/slow"), .timeout = 300ms}), ClientError);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1200ms);
}

TEST_F(ClientTest, RefusedConnectionIsAClientError) {
  const test::RefusedPort closed;
  try {
    Fetch({.url = closed.url() + "/"});
    FAIL();
  } catch (const ClientError& error) {
    EXPECT_NE(std::string(error.what()).find("GET http://127.0.0.1:"), std::string::npos);
  }
}

TEST_F(ClientTest, ResponseLargerThanTheLimitIsAClientError) {
  EXPECT_EQ(Fetch({.url = Url("/big"), .max_response_bytes = 5000}).body.size(), 5000u);
  EXPECT_THROW(Fetch({.url = Url("/big"), .max_response_bytes = 4999}), ClientError);
}

}  // namespace
}  // namespace sc::http
