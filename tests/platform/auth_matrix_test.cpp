#include "common/auth/jwt.hpp"
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
    const auto response = Post(GetParam(), body);
    EXPECT_EQ(response.status, 401) << GetParam() << " " << response.body;
    const Json answer = Json::parse(response.body);
    EXPECT_EQ(answer["code"], code) << GetParam();
    EXPECT_EQ(answer["data"]["message"].get<std::string>().rfind(message_start, 0), 0u)
        << GetParam() << " " << response.body;
  }
};

TEST_P(AuthMatrixTest, RefusesNoToken) { ExpectRefused(Json::object(), 1000, "no token"); }

TEST_P(AuthMatrixTest, RefusesGarbage) {
  ExpectRefused({{"token", "not.a.jwt"}}, 2001, "token invalid");
}

TEST_P(AuthMatrixTest, RefusesAnotherSecret) {
  ExpectRefused({{"token", auth::CreateToken("srs-v1-another", std::chrono::system_clock::now()).token}},
                2001, "token invalid");
}

TEST_P(AuthMatrixTest, RefusesExpired) {
  const auto long_ago = std::chrono::system_clock::now() - std::chrono::hours(24 * 400);
  ExpectRefused({{"token", auth::CreateToken(secret_.Get(), long_ago).token}}, 2001, "token expired");
}

TEST_P(AuthMatrixTest, AcceptsAValidToken) {
  const auto response = Post(GetParam(), WithToken());
  EXPECT_NE(response.status, 401) << GetParam() << " " << response.body;
}

INSTANTIATE_TEST_SUITE_P(Routes, AuthMatrixTest, ::testing::ValuesIn(kProtected),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '/', '_');
                           return name;
                         });

}  // namespace
}  // namespace sc::platform
