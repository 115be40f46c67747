#include "releases/releases_api.hpp"

#include "common/http/url.hpp"
#include "releases/version_filter.hpp"
#include "sc/version.hpp"

namespace sc::releases {
namespace {

constexpr std::string_view kArtifactsPath = "/terraform/v1/releases/artifacts/";

}  // namespace

ReleasesApi::ReleasesApi(Channels channels, ArtifactStore& artifacts)
    : channels_(std::move(channels)), artifacts_(artifacts) {}

http::Response ReleasesApi::Releases(const http::Request& request) const {
  const std::string version = FilterVersion(request.QueryParam("version"));
  const std::string rip = ClientIp(request);

  Json answer = {{"stable", channels_.stable},
                 {"latest", channels_.latest},
                 {"api", std::string("v") + kVersion}};
  // "artifact" is the stable one (what the automatic upgrade installs); "artifacts" names the
  // tarball of each offered version, for auto/upgrade <version>.
  for (const std::string& offered : {channels_.stable, channels_.latest}) {
    const auto artifact = artifacts_.ForVersion(offered);
    if (!artifact) continue;
    const Json described = {{"name", artifact->name},
                            {"url", std::string(kArtifactsPath) + artifact->name},
                            {"sha256", artifact->sha256},
                            {"size", artifact->size}};
    if (offered == channels_.stable) answer["artifact"] = described;
    answer["artifacts"][offered] = described;
  }
  if (const auto feedback = request.QueryParam("feedback"); feedback && !feedback->empty()) {
    Json addr = {{"rip", rip}};
    if (const auto forwarded = request.headers.Get("X-Forwarded-For")) addr["fwd"] = *forwarded;
    answer["addr"] = std::move(addr);
  }
  // spec/releases.md §6: log a whitelist, never the request headers.
  spdlog::info("releases version={} rip={} nid={} ts={}", version, rip,
               request.QueryParam("nid").value_or("-"), request.QueryParam("ts").value_or("-"));
  return http::Response::JsonBody(200, Stringify(answer));
}

Json ReleasesApi::Versions(const http::Request&) const { return {{"version", kVersion}}; }

http::Response ReleasesApi::Artifact(const http::Request& request) const {
  const std::string& name = request.params.at("name");
  const auto file = artifacts_.Resolve(name);
  if (!file) return http::Response::Text(404, "Not Found");
  http::Response response;
  response.headers.Set("Content-Type", "application/gzip");
  response.headers.Set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  response.file = *file;
  return response;
}

}  // namespace sc::releases
