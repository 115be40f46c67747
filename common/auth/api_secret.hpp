#pragma once
#include <chrono>
#include <mutex>
#include <string>

#include "common/config/settings.hpp"
#include "common/redis/client.hpp"

namespace sc::auth {

// The API secret of spec/common.md §7: the key of every JWT, "srs-v1-<32 hex>" in
// SRS_PLATFORM_SECRET.token. Thread-safe.
class ApiSecret {
 public:
  ApiSecret(redis::Client& redis, const config::Settings& settings);

  struct Setup {
    std::string token{};
    bool created = false;
  };
  // setupApiSecret(): creates the secret once from the CSPRNG. HSETNX, then re-read, so that
  // daemons starting together all end up with the same value.
  Setup Ensure();

  // apiSecret(): SRS_PLATFORM_SECRET from the environment or .env wins; else Redis, cached.
  // Empty when there is none yet.
  std::string Get();

  // Re-reads Redis (at most once a second), for a verifier whose token failed with the cached
  // value: another daemon may have created or replaced the secret since.
  std::string Refresh();

 private:
  // The configured secret, else the cached one (re-read from Redis when `refresh`, at most
  // once a second, or when nothing is cached yet).
  std::string Lookup(bool refresh);
  // Reads the secret from Redis into the cache.
  std::string Reload();

  redis::Client& redis_;
  const config::Settings& settings_;
  std::mutex mutex_;
  std::string cached_{};                                    // guarded by mutex_
  std::chrono::steady_clock::time_point last_refresh_{};    // guarded by mutex_
};

}  // namespace sc::auth
