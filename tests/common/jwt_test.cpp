#include "common/auth/jwt.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "common/auth/digest.hpp"
#include "common/http/api_error.hpp"

namespace sc::auth {
namespace {

const util::SystemTime kNow = std::chrono::system_clock::from_time_t(1648771885);

// The published HS256 example of jwt.io (secret "your-256-bit-secret").
constexpr char kJwtIoToken[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

std::string Sign(const std::string& header, const std::string& payload, const std::string& key) {
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(HmacSha256(key, input));
}

TEST(JwtTest, VerifiesThePublishedJwtIoExample) {
  const JwtCheck check = VerifyHs256(kJwtIoToken, "your-256-bit-secret", kNow);
  EXPECT_EQ(check.error, JwtError::kNone);
  EXPECT_EQ(check.payload["name"], "John Doe");
  EXPECT_EQ(VerifyHs256(kJwtIoToken, "another-secret", kNow).error, JwtError::kSignature);
}

TEST(JwtTest, CreatedTokenCarriesTheOriginalClaims) {
  const IssuedToken issued = CreateToken("srs-v1-key", kNow);
  EXPECT_EQ(issued.create_at, "2022-04-01 00:11:25");
  EXPECT_EQ(issued.expire_at, "2023-04-01 00:11:25");
  EXPECT_EQ(issued.expire, 31536000);
  EXPECT_TRUE(std::regex_match(issued.nonce, std::regex("[0-9a-f]{6}")));

  const JwtCheck check = VerifyHs256(issued.token, "srs-v1-key", kNow);
  ASSERT_EQ(check.error, JwtError::kNone);
  EXPECT_EQ(Stringify(check.payload),
            R"({"v":1,"t":"2022-04-01 00:11:25","d":"P1Y","n":")" + issued.nonce +
                R"(","iat":1648771885,"exp":1680307885})");
  std::string header;
  ASSERT_TRUE(Base64UrlDecode(issued.token.substr(0, issued.token.find('.')), header));
  EXPECT_EQ(header, R"({"alg":"HS256","typ":"JWT"})");
}

TEST(JwtTest, ExpireAtIsOneCalendarYearAndClampsLeapDay) {
  // 2024-02-29T12:00:00Z
  const auto leap_day = std::chrono::system_clock::from_time_t(1709208000);
  EXPECT_EQ(CreateToken("k", leap_day).expire_at, "2025-02-28 12:00:00");
}

TEST(JwtTest, CreateWithoutKeyIs2002) {
  try {
    CreateToken("", kNow);
    FAIL();
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kAuthInit);
    EXPECT_EQ(error.http_status(), 401);
  }
}

TEST(JwtTest, ExpiresExactlyAtExp) {
  const IssuedToken issued = CreateToken("k", kNow);
  const auto exp = kNow + std::chrono::seconds(31536000);
  EXPECT_EQ(VerifyHs256(issued.token, "k", exp - std::chrono::seconds(1)).error, JwtError::kNone);
  const JwtCheck expired = VerifyHs256(issued.token, "k", exp);
  EXPECT_EQ(expired.error, JwtError::kExpired);
  EXPECT_EQ(expired.exp, 1680307885);
}

TEST(JwtTest, RejectsAlgNoneAndOtherAlgorithms) {
  const std::string payload = R"({"v":1})";
  const std::string none = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                           Base64UrlEncode(payload) + ".";
  EXPECT_EQ(VerifyHs256(none, "k", kNow).error, JwtError::kAlgorithm);
  EXPECT_EQ(VerifyHs256(Sign(R"({"alg":"HS512"})", payload, "k"), "k", kNow).error,
            JwtError::kAlgorithm);
  EXPECT_EQ(VerifyHs256(Sign(R"({"typ":"JWT"})", payload, "k"), "k", kNow).error,
            JwtError::kAlgorithm);
}

TEST(JwtTest, RejectsMalformedTokens) {
  for (const char* token : {"", "abc", "a.b", "a.b.c.d", "!!.e30.sig", "e30.e30.@@"}) {
    EXPECT_EQ(VerifyHs256(token, "k", kNow).error, JwtError::kMalformed) << token;
  }
  EXPECT_EQ(VerifyHs256(Sign(R"({"alg":"HS256"})", "[1]", "k"), "k", kNow).error,
            JwtError::kMalformed);
  EXPECT_EQ(VerifyHs256(Sign(R"({"alg":"HS256"})", R"({"exp":"soon"})", "k"), "k", kNow).error,
            JwtError::kMalformed);
}

TEST(JwtTest, TamperedPayloadFailsTheSignature) {
  const std::string token = CreateToken("k", kNow).token;
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  const std::string forged = token.substr(0, first + 1) +
                             Base64UrlEncode(R"({"v":1,"exp":99999999999})") + token.substr(second);
  EXPECT_EQ(VerifyHs256(forged, "k", kNow).error, JwtError::kSignature);
}

TEST(JwtTest, Base64UrlRoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    std::string decoded;
    ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode(bytes), decoded));
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

}  // namespace
}  // namespace sc::auth
