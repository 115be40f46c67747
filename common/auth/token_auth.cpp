#include "common/auth/token_auth.hpp"

#include "common/http/api_error.hpp"

namespace sc::auth {
namespace {

using http::ErrorCode;

std::string ExpiredMessage(std::int64_t exp) {
  return "token expired, expiredAt=" +
         util::IsoTime(std::chrono::system_clock::time_point(std::chrono::seconds(exp)));
}

}  // namespace

TokenAuth::TokenAuth(ApiSecret& secret, const config::Settings& settings)
    : secret_(secret), settings_(settings) {}

Json TokenAuth::Verify(const std::string& token) const {
  if (token.empty()) throw http::Unauthorized(ErrorCode::kSysEmpty, "no token");
  const auto now = std::chrono::system_clock::now();

  const std::string secret = secret_.Get();
  JwtCheck with_secret = VerifyHs256(token, secret, now);
  if (with_secret.error == JwtError::kSignature) {
    if (const std::string fresh = secret_.Refresh(); fresh != secret) {
      with_secret = VerifyHs256(token, fresh, now);
    }
  }
  if (with_secret.error == JwtError::kNone) return std::move(with_secret.payload);

  // Fallback of the original: tokens signed with the admin password.
  const std::string password = settings_.MgmtPassword();
  if (password.empty()) throw http::Unauthorized(ErrorCode::kAuthInit, "no mgmt password");
  JwtCheck with_password = VerifyHs256(token, password, now);
  if (with_password.error == JwtError::kNone) return std::move(with_password.payload);

  // A good signature that has run out says so, whichever key signed it.
  if (with_secret.error == JwtError::kExpired) {
    throw http::Unauthorized(ErrorCode::kAuthToken, ExpiredMessage(with_secret.exp));
  }
  if (with_password.error == JwtError::kExpired) {
    throw http::Unauthorized(ErrorCode::kAuthToken, ExpiredMessage(with_password.exp));
  }
  throw http::Unauthorized(ErrorCode::kAuthToken, "token invalid");
}

Json TokenAuth::VerifyBody(const Json& body) const {
  std::string token;
  if (body.is_object()) {
    if (auto it = body.find("token"); it != body.end() && !it->is_null()) {
      if (!it->is_string()) throw http::Unauthorized(ErrorCode::kAuthToken, "token must be a string");
      token = *it;
    }
  }
  return Verify(token);
}

IssuedToken TokenAuth::Issue() const {
  return CreateToken(secret_.Get(), std::chrono::system_clock::now());
}

}  // namespace sc::auth
