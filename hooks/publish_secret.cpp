#include "hooks/publish_secret.hpp"

#include <regex>

#include "common/auth/random.hpp"
#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"

namespace sc::hooks {

PublishSecret::PublishSecret(redis::Client& redis, std::chrono::milliseconds cache_ttl)
    : redis_(redis), cache_ttl_(cache_ttl) {}

std::string PublishSecret::Ensure() {
  const std::string candidate = auth::RandomHex(16);
  const redis::Reply reply =
      redis_.Command({"SET", redis::keys::kSrsSecretPublish, candidate, "NX"});
  if (!reply.is_nil()) spdlog::info("publish secret created");
  return Get();
}

std::string PublishSecret::Get() { return redis_.Get(redis::keys::kSrsSecretPublish).value_or(""); }

void PublishSecret::Set(const std::string& secret) {
  if (secret.empty()) throw http::BadArgs(http::ErrorCode::kSysEmpty, "no secret");
  static const std::regex kAllowed("[A-Za-z0-9._~-]{8,64}");
  if (!std::regex_match(secret, kAllowed)) {
    throw http::BadArgs(http::ErrorCode::kSysInvalid,
                        "secret should be 8 to 64 characters of A-Z a-z 0-9 . _ ~ -");
  }
  redis_.Set(redis::keys::kSrsSecretPublish, secret);
  std::lock_guard lock(mutex_);
  cached_ = secret;
  cached_at_ = std::chrono::steady_clock::now();
}

std::string PublishSecret::Cached() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (cached_at_.time_since_epoch().count() != 0 && now - cached_at_ < cache_ttl_) return cached_;
  }
  std::string secret = Get();  // outside the lock: a slow Redis must not serialise every caller
  std::lock_guard lock(mutex_);
  cached_ = secret;
  cached_at_ = now;
  return secret;
}

bool PublishSecret::Accepts(const std::optional<std::string>& given) {
  const std::string secret = Cached();
  if (secret.empty()) return true;  // the original let anyone publish before a secret existed
  return given && auth::ConstantTimeEquals(*given, secret);
}

}  // namespace sc::hooks
