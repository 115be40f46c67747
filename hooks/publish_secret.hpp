#pragma once
#include <optional>
#include <string>

#include "common/redis/client.hpp"

namespace sc::hooks {

// The stream publish secret in SRS_SECRET_PUBLISH (spec/hooks.md §4.3-§4.5). Read from Redis on
// every use, so an update through any instance applies at once.
class PublishSecret {
 public:
  explicit PublishSecret(redis::Client& redis);

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
  redis::Client& redis_;
};

}  // namespace sc::hooks
