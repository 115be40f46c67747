#pragma once
#include <string>

#include "common/auth/api_secret.hpp"
#include "common/auth/jwt.hpp"
#include "common/config/settings.hpp"
#include "common/json.hpp"

namespace sc::auth {

// Verifies the `token` of management requests (spec/common.md §6.2): the API secret first,
// then the MGMT_PASSWORD fallback. Errors, all HTTP 401: 1000 "no token"; 2002
// "no mgmt password" when no password is configured; 2001 "token expired, expiredAt=..." or
// "token invalid". The token text is never echoed or logged.
class TokenAuth {
 public:
  TokenAuth(ApiSecret& secret, const config::Settings& settings);

  // Returns the decoded claims; throws http::ApiError as above.
  Json Verify(const std::string& token) const;

  // Reads body field "token" of a request body and verifies it.
  Json VerifyBody(const Json& body) const;

  // A new token signed with the API secret (createToken); 2002 when there is no secret.
  IssuedToken Issue() const;

 private:
  ApiSecret& secret_;
  const config::Settings& settings_;
};

}  // namespace sc::auth
