#include "mgmt/proxy_table.hpp"

#include <regex>

#include "common/util/text.hpp"

namespace sc::mgmt {

Upstreams Upstreams::FromSettings(const config::Settings& settings) {
  Upstreams upstreams;
  upstreams.hooks = settings.Port(config::kHooksPort);
  upstreams.tencent = settings.Port(config::kTencentPort);
  upstreams.ffmpeg = settings.Port(config::kFfmpegPort);
  upstreams.releases = settings.Port(config::kReleasesPort);
  upstreams.platform = settings.Port(config::kPlatformPort);
  upstreams.prometheus = settings.Port(config::kPrometheusPort);
  upstreams.engine_api = settings.Port(config::kSrsApiPort);
  upstreams.engine_http = settings.Port(config::kSrsHttpPort);
  return upstreams;
}

namespace {

// koa-proxies' path-to-regexp 1.x prefix with end:false: "/a/" and "/a" both match "/a",
// "/a/" and "/a/b", not "/ab".
bool UnderPrefix(std::string_view path, std::string_view prefix) {
  if (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  if (!util::StartsWithIgnoreCase(path, prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

// Row 16: stream files, at least two slashes deep, straight to the engine.
bool IsStreamFile(const std::string& path) {
  static const std::regex kStream(R"(^/.*/.*\.(flv|m3u8|ts|aac|mp3)(/.*)?$)",
                                  std::regex::icase | std::regex::optimize);
  return std::regex_match(path, kStream);
}

struct Row {
  const char* prefix;
  std::uint16_t Upstreams::*port;
  bool api;
};

}  // namespace

std::optional<http::ProxyTarget> ResolveProxy(const Upstreams& upstreams, const http::Request& head) {
  const std::string raw_path = head.target.substr(0, head.target.find('?'));
  const auto to = [&](std::uint16_t port, bool api, std::string route,
                      std::string target) -> std::optional<http::ProxyTarget> {
    return http::ProxyTarget{.port = port, .target = std::move(target), .api = api,
                             .route = std::move(route)};
  };

  static constexpr Row kBefore[] = {
      {"/terraform/v1/releases", &Upstreams::releases, true},
      {"/prometheus", &Upstreams::prometheus, false},
      {"/terraform/v1/hooks/", &Upstreams::hooks, true},
  };
  for (const Row& row : kBefore) {
    if (UnderPrefix(raw_path, row.prefix)) return to(upstreams.*row.port, row.api, row.prefix, head.target);
  }
  // Row 5: SRS configurations written for the original call hooks through this legacy path.
  static constexpr std::string_view kLegacyHooks = "/terraform/v1/mgmt/srs/hooks";
  if (UnderPrefix(raw_path, kLegacyHooks)) {
    std::string target = head.target;
    if (const std::size_t at = target.find(kLegacyHooks); at != std::string::npos) {
      target.replace(at, kLegacyHooks.size(), "/terraform/v1/hooks/srs/verify");
    }
    return to(upstreams.hooks, true, std::string(kLegacyHooks), std::move(target));
  }
  static constexpr Row kAfter[] = {
      {"/console/", &Upstreams::engine_http, false},
      {"/players/", &Upstreams::engine_http, false},
      {"/terraform/v1/tencent/", &Upstreams::tencent, true},
      {"/terraform/v1/ffmpeg/", &Upstreams::ffmpeg, true},
      {"/terraform/v1/mgmt/", &Upstreams::platform, true},
      {"/mgmt/", &Upstreams::platform, false},
      {"/.well-known/acme-challenge/", &Upstreams::platform, false},
      {"/api/", &Upstreams::engine_api, true},
      {"/rtc/", &Upstreams::engine_api, true},
  };
  for (const Row& row : kAfter) {
    if (UnderPrefix(raw_path, row.prefix)) return to(upstreams.*row.port, row.api, row.prefix, head.target);
  }
  if (IsStreamFile(raw_path)) return to(upstreams.engine_http, false, "(stream)", head.target);
  return std::nullopt;
}

}  // namespace sc::mgmt
