#include "common/cloud/tencent_endpoints.hpp"

#include <stdexcept>

namespace sc::cloud {
namespace {

std::string UrlSetting(const config::Settings& settings, std::string_view name) {
  std::string url = settings.Get(name);
  while (url.ends_with('/')) url.pop_back();
  if (!url.empty() && !url.starts_with("http://") && !url.starts_with("https://")) {
    throw std::invalid_argument(std::string(name) + " must be an http:// or https:// URL");
  }
  return url;
}

}  // namespace

TencentEndpoints TencentEndpoints::FromSettings(const config::Settings& settings) {
  TencentEndpoints endpoints;
  endpoints.api = UrlSetting(settings, "TENCENT_API_ENDPOINT");
  endpoints.cos = UrlSetting(settings, "TENCENT_COS_ENDPOINT");
  endpoints.timeout =
      std::chrono::milliseconds(std::max(1, settings.Int("TENCENT_TIMEOUT_MS", 60'000)));
  return endpoints;
}

}  // namespace sc::cloud
