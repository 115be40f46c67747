#include "platform/auth_api.hpp"

#include <algorithm>

#include "common/auth/random.hpp"
#include "common/http/api_error.hpp"
#include "common/http/client_address.hpp"
#include "common/http/fields.hpp"
#include "common/redis/keys.hpp"
#include "sc/version.hpp"

namespace sc::platform {
namespace {

using http::ErrorCode;
namespace keys = redis::keys;

constexpr size_t kMinPasswordLength = 6;  // the UI proposes 6 random hex characters

Json TokenData(const auth::IssuedToken& token) {
  return {{"token", token.token}, {"createAt", token.create_at}, {"expireAt", token.expire_at}};
}

void ValidateNewPassword(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "password should be at least " +
                                                    std::to_string(kMinPasswordLength) +
                                                    " characters");
  }
  if (std::any_of(password.begin(), password.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "password must not contain control characters");
  }
}

}  // namespace

AuthApi::AuthApi(redis::Client& redis, config::Settings& settings, auth::ApiSecret& secret,
                 const auth::TokenAuth& auth, const MgmtClient& mgmt, LoginLimiter& limiter)
    : redis_(redis), settings_(settings), secret_(secret), auth_(auth), mgmt_(mgmt),
      limiter_(limiter) {}

Json AuthApi::Versions(const http::Request&) const { return {{"version", kVersion}}; }

Json AuthApi::Init(const http::Request& request) const {
  const std::optional<std::string> password = http::OptionalString(request.json, "password");
  if (!password || password->empty()) {
    return {{"init", !settings_.MgmtPassword().empty()}};
  }
  ValidateNewPassword(*password);
  {
    const auto already = [] {
      return http::BadArgs(ErrorCode::kSysInvalid, "already initialized");
    };
    std::lock_guard lock(init_mutex_);
    if (!settings_.MgmtPassword().empty()) throw already();
    // The check is repeated under the .env's file lock: one password, even across processes.
    settings_.Save({{"MGMT_PASSWORD", *password}}, [&already](const config::EnvEntries& current) {
      for (const auto& [key, value] : current) {
        if (key == "MGMT_PASSWORD" && !value.empty()) throw already();
      }
    });
  }
  spdlog::info("init: admin password set");
  try {
    mgmt_.ReloadEnv();
  } catch (const std::exception& e) {
    // The password is stored already; mgmt reads the .env again when it starts.
    spdlog::warn("init: {}", e.what());
  }
  return TokenData(auth_.Issue());
}

Json AuthApi::Check(const http::Request&) const {
  if (redis_.Get(keys::kSrsSecretPublish).value_or("").empty() ||
      redis_.Hlen(keys::kSrsFirstBoot) == 0 || redis_.Hlen(keys::kSrsTencentLh) == 0) {
    throw http::Internal(ErrorCode::kSysRedis, "redis corrupt");
  }
  return {{"upgrading", redis_.Hget(keys::kSrsUpgrading, "upgrading") == "1"}};
}

Json AuthApi::Login(const http::Request& request) const {
  const std::string address = http::ClientAddress(request);
  limiter_.Check(address);
  const std::string expected = settings_.MgmtPassword();
  if (expected.empty()) throw http::Unauthorized(ErrorCode::kAuthInit, "not init");
  const std::string password = http::OptionalString(request.json, "password").value_or("");
  if (password.empty()) throw http::Unauthorized(ErrorCode::kSysEmpty, "no password");
  if (!auth::ConstantTimeEquals(password, expected)) {
    limiter_.Failed(address);
    spdlog::warn("login: wrong password from {}", address);
    throw http::Unauthorized(ErrorCode::kAuthPassword, "invalid password");
  }
  limiter_.Succeeded(address);
  spdlog::info("login: ok from {}", address);
  return TokenData(auth_.Issue());
}

Json AuthApi::Token(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  return TokenData(auth_.Issue());
}

Json AuthApi::SecretToken(const http::Request& request) const {
  const std::string address = http::ClientAddress(request);
  limiter_.Check(address);
  const std::string given = http::OptionalString(request.json, "apiSecret").value_or("");
  const std::string secret = secret_.Get();
  if (secret.empty()) throw http::Unauthorized(ErrorCode::kAuthInit, "no api secret");
  if (given.empty() || !auth::ConstantTimeEquals(given, secret)) {
    limiter_.Failed(address);
    throw http::Unauthorized(ErrorCode::kAuthPassword, "apiSecret verify failed");
  }
  limiter_.Succeeded(address);
  const auth::IssuedToken token = auth_.Issue();
  return {{"token", token.token}, {"expiresIn", token.expire}};
}

Json AuthApi::SecretQuery(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  return secret_.Get();
}

}  // namespace sc::platform
