#pragma once
#include <gtest/gtest.h>

#include <atomic>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "ffmpeg/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::ffmpeg {

// The ffmpeg daemon's real router and server on an ephemeral port over a real Redis; the
// forward worker is replaced by a counter of the changes it would be woken for.
class FfmpegRoutesTest : public test::RedisTest {
 protected:
  FfmpegRoutesTest() {
    secret_.Ensure();
    RegisterRoutes(router_, api_);
    port_ = server_.Start();
  }

  http::ClientResponse Post(const std::string& route, const Json& body) {
    return test::PostJson(port_, "/terraform/v1/ffmpeg/" + route, Stringify(body));
  }
  Json WithToken(Json body = Json::object()) {
    body["token"] = auth_.Issue().token;
    return body;
  }

  test::TempDir home_;
  config::Settings settings_{home_.path(), {}};
  auth::ApiSecret secret_{redis(), settings_};
  const auth::TokenAuth auth_{secret_, settings_};
  std::atomic<int> changes_{0};
  const ForwardApi api_{redis(), auth_, [this] { ++changes_; }};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2, .access_log = false}};
  std::uint16_t port_ = 0;
};

}  // namespace sc::ffmpeg
