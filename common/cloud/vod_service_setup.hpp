#pragma once
#include <string>

#include "common/cloud/tencent_api.hpp"
#include "common/redis/client.hpp"

namespace sc::cloud {

// Opens the account's VoD service and records what the hooks need in SRS_TENCENT_VOD
// (spec/tencent.md §4.2): `service` (ok), `storage` (the region), `transcode` (the preset
// templates), `remux` (the MP4 copy/copy template, when there is one) and `domain` (the first
// online domain, when there is one). Each step runs once, recorded by its field; "already
// exists" answers count as done. Without SRS_TENCENT_CAM credentials it logs and does nothing.
// Throws TencentError.
void EnsureVodService(redis::Client& redis, const TencentApi& api, const std::string& region);

}  // namespace sc::cloud
