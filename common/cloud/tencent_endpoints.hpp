#pragma once
#include <chrono>
#include <string>

#include "common/config/settings.hpp"

namespace sc::cloud {

// Where Tencent Cloud is reached. Empty endpoints mean the real hosts over HTTPS:
// https://<service>.tencentcloudapi.com/ and https://<bucket>.cos.<region>.myqcloud.com/.
// A set endpoint ("http://127.0.0.1:9000") receives every call instead, still with the real
// Host header and signature, so a loopback stand-in can check them. libcurl honours
// http_proxy/https_proxy like the original's SDK did (spec/tencent.md §1).
struct TencentEndpoints {
  std::string api{};                          // TENCENT_API_ENDPOINT
  std::string cos{};                          // TENCENT_COS_ENDPOINT
  std::chrono::milliseconds timeout{60'000};  // TENCENT_TIMEOUT_MS; spec/tencent.md §3.2: 60 s

  // Reads the variables above; throws std::invalid_argument naming a variable that is set but
  // is not an http:// or https:// URL.
  static TencentEndpoints FromSettings(const config::Settings& settings);
};

}  // namespace sc::cloud
