#pragma once
#include <chrono>
#include <mutex>

#include "common/redis/client.hpp"
#include "hooks/cos_storage.hpp"

namespace sc::hooks {

// The Tencent Cloud account as the tencent daemon leaves it in Redis (spec/hooks.md §3,
// tencent.md §6): SRS_TENCENT_CAM secretId/secretKey, SRS_TENCENT_COS bucket and
// SRS_TENCENT_LH region. Re-read at most every `ttl`, so new or rotated keys apply without a
// restart (hooks.md §6 note: "rebuild when SRS_TENCENT_CAM changes") while a busy pipeline does
// not ask Redis three times per object. Thread-safe.
class TencentAccount {
 public:
  explicit TencentAccount(redis::Client& redis, std::chrono::milliseconds ttl = std::chrono::seconds(3));

  // The permanent keys, the provisioned DVR bucket and the region (fields empty when unset).
  CosAccount Current();

 private:
  redis::Client& redis_;
  const std::chrono::milliseconds ttl_;
  std::mutex mutex_;
  CosAccount cached_{};                               // guarded by mutex_
  std::chrono::steady_clock::time_point read_at_{};  // guarded by mutex_; epoch: never read
};

}  // namespace sc::hooks
