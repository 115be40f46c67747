#pragma once
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "common/redis/client.hpp"

namespace sc::hooks {

// The stream publish secret in SRS_SECRET_PUBLISH (spec/hooks.md §4.3-§4.5). The publish check
// (Accepts) uses a copy at most `cache_ttl` old, so on_publish costs no Redis round trip for it:
// an update through this instance applies at once, one through another instance (or straight
// into Redis) within `cache_ttl`. Get() always reads Redis. Thread-safe.
class PublishSecret {
 public:
  explicit PublishSecret(redis::Client& redis,
                         std::chrono::milliseconds cache_ttl = std::chrono::milliseconds(1000));

  // First start: 32 hex characters (128 bits) from the CSPRNG, set only if none exists
  // (SET NX), so instances starting together agree. Returns the secret in force.
  std::string Ensure();
  std::string Get();
  // Replaces the secret; ApiError 1000/422 when empty, 1004/422 unless it is 8-64 URL-safe
  // characters ([A-Za-z0-9._~-]), since the dashboard puts it into stream URLs.
  void Set(const std::string& secret);
  // Whether `given` is the secret, compared in constant time. No secret configured: true.
  bool Accepts(const std::optional<std::string>& given);

 private:
  std::string Cached();

  redis::Client& redis_;
  const std::chrono::milliseconds cache_ttl_;
  std::mutex mutex_;
  std::string cached_{};                                // guarded by mutex_
  std::chrono::steady_clock::time_point cached_at_{};   // guarded by mutex_; epoch: never read
};

}  // namespace sc::hooks
