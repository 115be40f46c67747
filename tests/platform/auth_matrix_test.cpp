#include "tests/support/auth_matrix.hpp"
#include "tests/platform/platform_test.hpp"

namespace sc::platform {
namespace {

// Every token-protected route refuses no token, a garbage token, a token of another secret and
// an expired token, and accepts a valid one.
const std::vector<std::string> kProtected = {
    "token",       "status",        "upgrade",       "strategy",     "ssl",
    "letsencrypt", "pubkey",        "containers",    "bilibili",     "beian/update",
    "window/query", "window/update", "secret/query"};

class AuthMatrixTest : public PlatformWithRecordingMgmtTest,
                       public ::testing::WithParamInterface<std::string> {
 protected:
  AuthMatrixTest() { SetPassword("admin-pw"); }
  void ExpectRefused(const Json& body, int code, const std::string& message_start) {
    test::ExpectRefusedAnswer(Post(GetParam(), body), GetParam(), code, message_start);
  }
};

TEST_P(AuthMatrixTest, RefusesNoToken) { ExpectRefused(Json::object(), 1000, "no token"); }

TEST_P(AuthMatrixTest, RefusesGarbage) {
  ExpectRefused({{"token", "not.a.jwt"}}, 2001, "token invalid");
}

TEST_P(AuthMatrixTest, RefusesAnotherSecret) {
  ExpectRefused({{"token", test::TokenOfAnotherSecret()}}, 2001, "token invalid");
}

TEST_P(AuthMatrixTest, RefusesExpired) {
  ExpectRefused({{"token", test::ExpiredToken(secret_.Get())}}, 2001, "token expired");
}

TEST_P(AuthMatrixTest, AcceptsAValidToken) {
  const auto response = Post(GetParam(), WithToken());
  EXPECT_NE(response.status, 401) << GetParam() << " " << response.body;
}

INSTANTIATE_TEST_SUITE_P(Routes, AuthMatrixTest, ::testing::ValuesIn(kProtected), test::RouteTestName());

}  // namespace
}  // namespace sc::platform
