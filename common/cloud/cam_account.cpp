#include "common/cloud/cam_account.hpp"

#include "common/redis/keys.hpp"

namespace sc::cloud {

void StoreCamAccount(redis::Client& redis, const CamAccount& account) {
  redis.Command({"HSET", redis::keys::kSrsTencentCam, "appId", account.app_id, "secretId",
                 account.credentials.secret_id, "secretKey", account.credentials.secret_key, "uin",
                 account.uin});
}

std::optional<CamAccount> LoadCamAccount(redis::Client& redis) {
  CamAccount account;
  for (auto& [name, value] : redis.Hgetall(redis::keys::kSrsTencentCam)) {
    if (name == "appId") account.app_id = std::move(value);
    if (name == "uin") account.uin = std::move(value);
    if (name == "secretId") account.credentials.secret_id = std::move(value);
    if (name == "secretKey") account.credentials.secret_key = std::move(value);
  }
  if (account.app_id.empty() || account.credentials.secret_id.empty() ||
      account.credentials.secret_key.empty()) {
    return std::nullopt;
  }
  return account;
}

}  // namespace sc::cloud
