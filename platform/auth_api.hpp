#pragma once
#include <mutex>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/config/settings.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "platform/login_limiter.hpp"
#include "platform/mgmt_client.hpp"

namespace sc::platform {

// Credentials routes of spec/platform.md §4.1-§4.7: versions, init, check, login, token,
// secret/token, secret/query.
class AuthApi {
 public:
  AuthApi(redis::Client& redis, config::Settings& settings, auth::ApiSecret& secret,
          const auth::TokenAuth& auth, const MgmtClient& mgmt, LoginLimiter& limiter);

  Json Versions(const http::Request& request) const;
  // Without `password`: {init}. With one: sets MGMT_PASSWORD exactly once, answers a token.
  Json Init(const http::Request& request) const;
  Json Check(const http::Request& request) const;
  Json Login(const http::Request& request) const;
  // Verifies the token and answers a new one (with "token", which the original lost).
  Json Token(const http::Request& request) const;
  Json SecretToken(const http::Request& request) const;
  Json SecretQuery(const http::Request& request) const;

 private:
  redis::Client& redis_;
  config::Settings& settings_;
  auth::ApiSecret& secret_;
  const auth::TokenAuth& auth_;
  const MgmtClient& mgmt_;
  LoginLimiter& limiter_;
  mutable std::mutex init_mutex_;  // /init is a check-and-set
};

}  // namespace sc::platform
