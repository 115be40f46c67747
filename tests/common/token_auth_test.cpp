#include "common/auth/token_auth.hpp"

#include <gtest/gtest.h>

#include "common/auth/digest.hpp"
#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::auth {
namespace {

using http::ErrorCode;

class TokenAuthTest : public test::RedisTest {
 protected:
  TokenAuthTest() { secret_.Ensure(); }

  void ExpectRejected(const std::string& token, ErrorCode code, const std::string& message) {
    try {
      auth_.Verify(token);
      FAIL() << "accepted";
    } catch (const http::ApiError& error) {
      EXPECT_EQ(error.code(), code);
      EXPECT_EQ(error.http_status(), 401);
      EXPECT_EQ(std::string(error.what()).rfind(message, 0), 0u) << error.what();
      if (!token.empty()) {
        EXPECT_EQ(std::string(error.what()).find(token), std::string::npos);
      }
    }
  }

  test::TempDir home_;
  config::Settings settings_{home_.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  ApiSecret secret_{redis(), settings_};
  TokenAuth auth_{secret_, settings_};
};

TEST_F(TokenAuthTest, AcceptsATokenItIssued) {
  const IssuedToken issued = auth_.Issue();
  const Json claims = auth_.Verify(issued.token);
  EXPECT_EQ(claims["v"], 1);
  EXPECT_EQ(claims["n"], issued.nonce);
  EXPECT_EQ(auth_.VerifyBody(Json{{"token", issued.token}})["n"], issued.nonce);
}

TEST_F(TokenAuthTest, MissingTokenIs1000) {
  ExpectRejected("", ErrorCode::kSysEmpty, "no token");
  EXPECT_THROW(auth_.VerifyBody(Json::object()), http::ApiError);
}

TEST_F(TokenAuthTest, GarbageTokenIs2001) {
  ExpectRejected("garbage.token.value", ErrorCode::kAuthToken, "token invalid");
}

TEST_F(TokenAuthTest, TokenOfAnotherSecretIs2001) {
  ExpectRejected(CreateToken("srs-v1-someone-else", std::chrono::system_clock::now()).token,
                 ErrorCode::kAuthToken, "token invalid");
}

TEST_F(TokenAuthTest, ExpiredTokenSaysSo) {
  const auto long_ago = std::chrono::system_clock::now() - std::chrono::hours(24 * 366);
  ExpectRejected(CreateToken(secret_.Get(), long_ago).token, ErrorCode::kAuthToken,
                 "token expired, expiredAt=");
}

TEST_F(TokenAuthTest, TokenSignedWithTheAdminPasswordIsAcceptedAsFallback) {
  const IssuedToken legacy = CreateToken("admin-pw", std::chrono::system_clock::now());
  EXPECT_EQ(auth_.Verify(legacy.token)["n"], legacy.nonce);
}

TEST_F(TokenAuthTest, NoAdminPasswordIs2002) {
  const config::Settings no_password(home_.path(), {});
  const TokenAuth auth(secret_, no_password);
  try {
    auth.Verify("a.b.c");
    FAIL();
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kAuthInit);
    EXPECT_STREQ(error.what(), "no mgmt password");
  }
}

TEST_F(TokenAuthTest, NonStringTokenIs2001) {
  try {
    auth_.VerifyBody(Json{{"token", 42}});
    FAIL();
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kAuthToken);
  }
}

TEST_F(TokenAuthTest, SecretReplacedByAnotherDaemonIsPickedUp) {
  EXPECT_FALSE(secret_.Get().empty());  // cached now
  redis().Hset(redis::keys::kSrsPlatformSecret, "token", "srs-v1-rotated");
  const IssuedToken fresh = CreateToken("srs-v1-rotated", std::chrono::system_clock::now());
  EXPECT_EQ(auth_.Verify(fresh.token)["n"], fresh.nonce);
}

}  // namespace
}  // namespace sc::auth
