#include "releases/version_filter.hpp"

namespace sc::releases {

std::string FilterVersion(const std::optional<std::string>& version) {
  std::string filtered = version && !version->empty() ? *version : "v0.0.0";
  if (!filtered.starts_with('v')) filtered = "v" + filtered;
  if (filtered.find('.') == std::string::npos) filtered += ".0.0";
  return filtered;
}

std::string ClientIp(const http::Request& request) {
  if (auto ip = request.QueryParam("clientip"); ip && !ip->empty()) return *ip;
  if (auto forwarded = request.headers.Get("X-Forwarded-For")) {
    return forwarded->substr(0, forwarded->find(','));
  }
  if (auto real_ip = request.headers.Get("X-Real-IP")) return *real_ip;
  return request.remote_address;
}

}  // namespace sc::releases
