#include "tests/support/auth_matrix.hpp"
#include "tests/tencent/tencent_test.hpp"

namespace sc::tencent {
namespace {

// Every token-protected tencent route refuses no token, a garbage token, a token of another
// secret and an expired token (without calling Tencent Cloud or touching Redis), and accepts a
// valid one.
const std::vector<std::string> kProtected = {"cam/secret"};

class AuthMatrixTest : public TencentStandInTest,
                       public ::testing::WithParamInterface<std::string> {
 protected:
  AuthMatrixTest() { SetRegion(kRegion); }
  Json Body(const std::optional<std::string>& token) {
    Json body = {{"secretId", kSecretId}, {"secretKey", kSecretKey}};
    if (token) body["token"] = *token;
    return body;
  }
  void ExpectRefused(const Json& body, int code, const std::string& message_start) {
    test::ExpectRefusedAnswer(Post(GetParam(), body), GetParam(), code, message_start);
    EXPECT_TRUE(stand_in_.Calls().empty());
    EXPECT_TRUE(Hash(keys::kSrsTencentCam).empty());
  }
};

TEST_P(AuthMatrixTest, RefusesNoToken) { ExpectRefused(Body(std::nullopt), 1000, "no token"); }

TEST_P(AuthMatrixTest, RefusesGarbage) { ExpectRefused(Body("not.a.jwt"), 2001, "token invalid"); }

TEST_P(AuthMatrixTest, RefusesAnotherSecret) {
  ExpectRefused(Body(test::TokenOfAnotherSecret()), 2001, "token invalid");
}

TEST_P(AuthMatrixTest, RefusesExpired) {
  ExpectRefused(Body(test::ExpiredToken(secret_.Get())), 2001, "token expired");
}

TEST_P(AuthMatrixTest, AcceptsAValidToken) {
  const auto response = Post(GetParam(), Body(Token()));
  EXPECT_EQ(response.status, 200) << GetParam() << " " << response.body;
}

TEST_P(AuthMatrixTest, AcceptsATokenOfTheAdminPassword) {
  const auto response =
      Post(GetParam(), Body(auth::CreateToken("admin-pw", std::chrono::system_clock::now()).token));
  EXPECT_EQ(response.status, 200) << GetParam() << " " << response.body;
}

INSTANTIATE_TEST_SUITE_P(Routes, AuthMatrixTest, ::testing::ValuesIn(kProtected), test::RouteTestName());

}  // namespace
}  // namespace sc::tencent
