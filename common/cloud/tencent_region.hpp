#pragma once
#include <string_view>

namespace sc::cloud {

// Whether `region` looks like a Tencent Cloud region, as COS hosts, VoD storage regions and
// X-TC-Region take it: "ap-guangzhou", "na-siliconvalley", "eu-frankfurt", "sa-saopaulo",
// "ap-shanghai-fsi". Other clouds' names ("sgp1", "us-east-1") are not (spec/tencent.md §4.3).
bool IsTencentRegion(std::string_view region);

}  // namespace sc::cloud
