#include "hooks/publish_secret.hpp"

#include <regex>

#include "common/auth/random.hpp"
#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"

namespace sc::hooks {

PublishSecret::PublishSecret(redis::Client& redis, std::chrono::milliseconds cache_ttl)
    : redis_(redis),
      // With Redis away the refresh fails; it retries less often so as not to fill the log.
      refresher_("publish-secret", cache_ttl / 2, [this] { Refresh(); }, std::chrono::seconds(2)) {}

std::string PublishSecret::Ensure() {
  const std::string candidate = auth::RandomHex(16);
  const redis::Reply reply =
      redis_.Command({"SET", redis::keys::kSrsSecretPublish, candidate, "NX"});
  if (!reply.is_nil()) spdlog::info("publish secret created");
  std::string secret = Get();
  Keep(secret);
  return secret;
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
  Keep(secret);
}

void PublishSecret::Keep(const std::string& secret) {
  std::lock_guard lock(mutex_);
  cached_ = secret;
  read_ = true;
  ++generation_;
}

void PublishSecret::Refresh() {
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    if (!read_) return;  // the first read is the first caller's, when it needs the secret
    generation = generation_;
  }
  std::string secret = redis_.Get(redis::keys::kSrsSecretPublish).value_or("");
  std::lock_guard lock(mutex_);
  // An Ensure or Set meanwhile wrote a newer value than this read may have seen.
  if (generation != generation_) return;
  cached_ = std::move(secret);
  read_ = true;
}

std::string PublishSecret::Cached() {
  {
    std::lock_guard lock(mutex_);
    if (read_) return cached_;
  }
  // Only before the first refresh: never "no secret" for want of a read.
  std::string secret = Get();
  Keep(secret);
  return secret;
}

bool PublishSecret::Accepts(const std::optional<std::string>& given) {
  const std::string secret = Cached();
  if (secret.empty()) return true;  // the original let anyone publish before a secret existed
  return given && auth::ConstantTimeEquals(*given, secret);
}

}  // namespace sc::hooks
