#include "tests/support/auth_matrix.hpp"

#include "common/async/event_loop.hpp"
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/engine/nginx_rtmp_query.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "hooks/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

// The token-protected routes of hooks that need no recording pipeline (record_api_test covers
// dvr/* and vod/*): no token, a garbage token, a token of another secret and an expired token
// are refused; a valid token gets past the check. The engine behind streams/* is an nginx-rtmp
// address where nothing listens: with a valid token the answer is the engine's error, not 401.
const std::vector<std::string> kProtected = {"srs/secret/query", "srs/secret", "srs/secret/update",
                                             "streams/query", "streams/kick"};

class HooksAuthMatrixTest : public test::RedisTest,
                            public ::testing::WithParamInterface<std::string> {
 protected:
  HooksAuthMatrixTest() {
    api_secret_.Ensure();
    RegisterRoutes(router_, verify_);
    RegisterStreamRoutes(router_, streams_);
    port_ = server_.Start();
  }
  http::ClientResponse Post(const Json& body) {
    return test::PostJson(port_, "/terraform/v1/hooks/" + GetParam(), Stringify(body));
  }
  void ExpectRefused(const Json& body, int code, const std::string& message_start) {
    test::ExpectRefusedAnswer(Post(body), GetParam(), code, message_start);
  }

  test::TempDir home_;
  config::Settings settings_{home_.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  auth::ApiSecret api_secret_{redis(), settings_};
  const auth::TokenAuth auth_{api_secret_, settings_};
  PublishSecret publish_secret_{redis()};
  async::EventLoop loop_{2};  // the server's, shared with the bookkeeping's Redis connection
  BookkeepingWriter writer_{loop_, redis().options()};
  const VerifyApi verify_{publish_secret_, auth_, {}, writer_};
  const test::RefusedPort no_engine_;
  const engine::NginxRtmpQuery engine_{no_engine_.url()};
  const StreamsApi streams_{auth_, engine_};
  http::Router router_;
  http::Server server_{router_, {.loop = &loop_, .access_log = false}};
  std::uint16_t port_ = 0;
};

TEST_P(HooksAuthMatrixTest, RefusesNoToken) { ExpectRefused(Json::object(), 1000, "no token"); }

TEST_P(HooksAuthMatrixTest, RefusesGarbage) {
  ExpectRefused({{"token", "not.a.jwt"}}, 2001, "token invalid");
}

TEST_P(HooksAuthMatrixTest, RefusesAnotherSecret) {
  ExpectRefused({{"token", test::TokenOfAnotherSecret()}}, 2001, "token invalid");
}

TEST_P(HooksAuthMatrixTest, RefusesExpired) {
  ExpectRefused({{"token", test::ExpiredToken(api_secret_.Get())}}, 2001, "token expired");
}

TEST_P(HooksAuthMatrixTest, AcceptsAValidToken) {
  const auto response = Post({{"token", auth_.Issue().token},
                              {"app", "live"},
                              {"stream", "livestream"},
                              {"client", "1"},
                              {"secret", "a-new-secret-1"}});
  EXPECT_NE(response.status, 401) << GetParam() << " " << response.body;
}

INSTANTIATE_TEST_SUITE_P(Routes, HooksAuthMatrixTest, ::testing::ValuesIn(kProtected),
                         test::RouteTestName());

using StreamsRoutesTest = test::RedisTest;

TEST_F(StreamsRoutesTest, WithoutAnEngineTheyEachSayWhy) {
  test::TempDir home;
  config::Settings settings{home.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  auth::ApiSecret api_secret{redis(), settings};
  api_secret.Ensure();
  const auth::TokenAuth auth{api_secret, settings};
  const test::RefusedPort no_engine;
  const engine::NginxRtmpQuery engine{no_engine.url()};
  const StreamsApi streams{auth, engine};
  http::Router router;
  RegisterStreamRoutes(router, streams);
  http::Server server{router, {.worker_threads = 1, .access_log = false}};
  const std::uint16_t port = server.Start();
  const std::string token = auth.Issue().token;

  const auto query =
      test::PostJson(port, "/terraform/v1/hooks/streams/query", R"({"token":")" + token + "\"}");
  EXPECT_EQ(query.status, 500);
  const Json answer = Json::parse(query.body);
  EXPECT_EQ(answer["code"], 1003);
  EXPECT_NE(answer["data"]["message"].get<std::string>().find("nginx-rtmp stat"), std::string::npos)
      << query.body;

  const auto kick = test::PostJson(port, "/terraform/v1/hooks/streams/kick",
                                   R"({"token":")" + token + R"(","app":"live","stream":"s"})");
  EXPECT_EQ(kick.status, 422) << kick.body;
  EXPECT_EQ(Json::parse(kick.body)["data"]["message"], "no param client");
}

}  // namespace
}  // namespace sc::hooks
