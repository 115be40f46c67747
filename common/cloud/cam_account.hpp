#pragma once
#include <optional>
#include <string>

#include "common/cloud/credentials.hpp"
#include "common/redis/client.hpp"

namespace sc::cloud {

// The Tencent Cloud account stored in SRS_TENCENT_CAM (spec/tencent.md §2.2 step 4, §6): written
// by the tencent daemon after CAM accepted the key pair, read by provisioning and the hooks.
struct CamAccount {
  std::string app_id{};  // e.g. "1250000000"
  std::string uin{};     // OwnerUin
  TencentCredentials credentials{};
};

// All four fields in one HSET, so readers never see a half-written account.
void StoreCamAccount(redis::Client& redis, const CamAccount& account);

// nullopt unless appId, secretId and secretKey are all set.
std::optional<CamAccount> LoadCamAccount(redis::Client& redis);

}  // namespace sc::cloud
