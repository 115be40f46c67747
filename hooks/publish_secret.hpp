#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "common/redis/client.hpp"
#include "common/util/periodic_worker.hpp"

namespace sc::hooks {

// The stream publish secret in SRS_SECRET_PUBLISH (spec/hooks.md §4.3-§4.5). The publish check
// (Accepts) reads a copy that a thread of this instance refreshes every half `cache_ttl`, so
// on_publish neither waits for Redis nor blocks the event loop it runs on when Redis is slow:
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
  // Stores what Ensure, Set or a first read found: newer than any refresh under way.
  void Keep(const std::string& secret);
  void Refresh();

  redis::Client& redis_;
  std::mutex mutex_;
  std::string cached_{};           // guarded by mutex_
  bool read_ = false;              // guarded by mutex_; false: never read yet
  std::uint64_t generation_ = 0;   // guarded by mutex_; counts Keep calls
  util::PeriodicWorker refresher_;  // last: its thread uses the members above
};

}  // namespace sc::hooks
