#include "common/auth/api_secret.hpp"

#include "common/auth/random.hpp"
#include "common/redis/keys.hpp"
#include "common/util/time.hpp"

namespace sc::auth {

ApiSecret::ApiSecret(redis::Client& redis, const config::Settings& settings)
    : redis_(redis), settings_(settings) {}

ApiSecret::Setup ApiSecret::Ensure() {
  const std::string candidate = "srs-v1-" + RandomHex(16);
  const bool created = redis_.Hsetnx(redis::keys::kSrsPlatformSecret, "token", candidate);
  if (created) {
    redis_.Hset(redis::keys::kSrsPlatformSecret, "update",
                util::IsoTime(std::chrono::system_clock::now()));
    spdlog::info("api secret created");
  }
  return {Reload(), created};
}

std::string ApiSecret::Get() { return Lookup(/*refresh=*/false); }

std::string ApiSecret::Refresh() { return Lookup(/*refresh=*/true); }

std::string ApiSecret::Lookup(bool refresh) {
  if (std::string configured = settings_.Get("SRS_PLATFORM_SECRET"); !configured.empty()) {
    return configured;
  }
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!refresh && !cached_.empty()) return cached_;
    if (refresh && now - last_refresh_ < std::chrono::seconds(1)) return cached_;
    if (refresh) last_refresh_ = now;
  }
  return Reload();
}

std::string ApiSecret::Reload() {
  std::string token = redis_.Hget(redis::keys::kSrsPlatformSecret, "token").value_or("");
  std::lock_guard lock(mutex_);
  cached_ = token;
  return token;
}

}  // namespace sc::auth
