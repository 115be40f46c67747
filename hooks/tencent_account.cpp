#include "hooks/tencent_account.hpp"

#include "common/redis/keys.hpp"

namespace sc::hooks {

TencentAccount::TencentAccount(redis::Client& redis, std::chrono::milliseconds ttl) : redis_(redis), ttl_(ttl) {}

CosAccount TencentAccount::Current() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (read_at_.time_since_epoch().count() != 0 && now - read_at_ < ttl_) return cached_;
  }
  const auto replies = redis_.Pipeline({{"HMGET", std::string(redis::keys::kSrsTencentCam), "secretId", "secretKey"},
                                        {"HGET", std::string(redis::keys::kSrsTencentCos), "bucket"},
                                        {"HGET", std::string(redis::keys::kSrsTencentLh), "region"}});
  const auto text = [](const redis::Reply& reply) { return reply.string() ? *reply.string() : std::string(); };
  CosAccount account;
  if (const auto* cam = replies[0].array(); cam && cam->size() == 2) {
    account.credentials.secret_id = text((*cam)[0]);
    account.credentials.secret_key = text((*cam)[1]);
  }
  account.bucket = text(replies[1]);
  account.region = text(replies[2]);
  std::lock_guard lock(mutex_);
  cached_ = account;
  read_at_ = now;
  return account;
}

}  // namespace sc::hooks
