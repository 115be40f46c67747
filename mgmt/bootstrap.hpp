#pragma once
#include <filesystem>
#include <string>

#include "common/auth/api_secret.hpp"
#include "common/config/settings.hpp"
#include "common/redis/client.hpp"

namespace sc::mgmt {

struct Discovery {
  std::string cloud{}, region{}, source{}, registry{}, platform{};
};

// spec/common.md §8 source rules: DEV -> gitee; DO -> github; TENCENT -> gitee in mainland
// regions, else github; anything else -> github.
std::string SourceFor(const std::string& cloud, const std::string& region);
// github -> sgccr.ccs.tencentyun.com, else registry.cn-hangzhou.aliyuncs.com.
std::string RegistryFor(const std::string& source);

// mgmt's start (spec/mgmt.md §5, common.md §8) with the port's fixes: node id, API secret,
// cloud/region/source/registry/platform in SRS_TENCENT_LH and CLOUD/REGION/SOURCE in .env.
// Cloud and region come from Redis, else CLOUD/REGION, else — only with CLOUD_METADATA=true —
// the cloud metadata services with a 2 s timeout each, else the neutral OTHER. Never hangs.
Discovery Bootstrap(redis::Client& redis, auth::ApiSecret& api_secret, config::Settings& settings);

// The runtime folder's layout (spec/mgmt.md §1): containers/{conf,data/dvr,data/vod,
// data/prometheus,www/.well-known/acme-challenge,objs/nginx/html,ssl}, logs, sources; the
// folder itself passable (o+x) for nginx's unprivileged workers.
void EnsureRuntimeLayout(const std::filesystem::path& home);

}  // namespace sc::mgmt
