#include "mgmt/bootstrap.hpp"

#include <spdlog/spdlog.h>

#include "common/auth/random.hpp"
#include "common/http/client.hpp"
#include "common/redis/keys.hpp"

namespace sc::mgmt {

namespace fs = std::filesystem;

std::string SourceFor(const std::string& cloud, const std::string& region) {
  if (cloud == "DEV") return "gitee";
  if (cloud == "TENCENT") {
    for (const char* mainland : {"ap-guangzhou", "ap-shanghai", "ap-nanjing", "ap-beijing",
                                 "ap-chengdu", "ap-chongqing"}) {
      if (region.starts_with(mainland)) return "gitee";
    }
  }
  return "github";
}

std::string RegistryFor(const std::string& source) {
  return source == "github" ? "sgccr.ccs.tencentyun.com" : "registry.cn-hangzhou.aliyuncs.com";
}

namespace {

std::string Probe(const std::string& url) {
  if (url.empty()) return "";
  try {
    http::ClientRequest request;
    request.url = url;
    request.timeout = std::chrono::seconds(2);
    request.connect_timeout = std::chrono::seconds(2);
    const http::ClientResponse response = http::Fetch(request);
    if (response.status == 200) return response.body;
  } catch (const http::ClientError& error) {
    spdlog::info("bootstrap: metadata {} unavailable: {}", url, error.what());
  }
  return "";
}

std::pair<std::string, std::string> DiscoverCloud(const config::Settings& settings) {
  if (settings.Has("CLOUD") && settings.Has("REGION")) {
    return {settings.Get("CLOUD"), settings.Get("REGION")};
  }
  if (settings.Bool("CLOUD_METADATA", false)) {
    const std::string tencent = Probe(settings.Get(
        "TENCENT_METADATA_URL", "http://metadata.tencentyun.com/latest/meta-data/placement/region"));
    if (!tencent.empty()) return {"TENCENT", tencent};
    const std::string droplet =
        Probe(settings.Get("DO_METADATA_URL", "http://169.254.169.254/metadata/v1/region"));
    if (!droplet.empty()) return {"DO", droplet};
  }
  return {settings.Get("CLOUD", "OTHER"), settings.Get("REGION")};
}

std::string DiscoverPlatform(const config::Settings& settings, const std::string& cloud) {
  if (cloud == "DEV") return "dev";
  if (cloud == "DO") return "droplet";
  if (cloud == "TENCENT" && settings.Bool("CLOUD_METADATA", false)) {
    const std::string name = Probe(settings.Get(
        "TENCENT_INSTANCE_URL", "http://metadata.tencentyun.com/latest/meta-data/instance-name"));
    const std::size_t at = name.find("-lhins-");
    if (at != std::string::npos && at > 0) return "lighthouse";
  }
  return "cvm";
}

}  // namespace

Discovery Bootstrap(redis::Client& redis, auth::ApiSecret& api_secret, config::Settings& settings) {
  const std::string_view lh = redis::keys::kSrsTencentLh;
  redis.Hsetnx(lh, "node", auth::RandomUuid());
  api_secret.Ensure();

  Discovery found;
  found.cloud = redis.Hget(lh, "cloud").value_or("");
  found.region = redis.Hget(lh, "region").value_or("");
  if (found.cloud.empty() || found.region.empty()) {
    std::tie(found.cloud, found.region) = DiscoverCloud(settings);
    redis.Hset(lh, "cloud", found.cloud);
    redis.Hset(lh, "region", found.region);
  }
  found.source = SourceFor(found.cloud, found.region);
  redis.Hset(lh, "source", found.source);
  // Rewritten only when something changed: every daemon notices a new .env.
  if (settings.Get("CLOUD") != found.cloud || settings.Get("REGION") != found.region ||
      settings.Get("SOURCE") != found.source) {
    settings.Save({{"CLOUD", found.cloud}, {"REGION", found.region}, {"SOURCE", found.source}});
  }
  found.registry = RegistryFor(found.source);
  redis.Hset(lh, "registry", found.registry);
  found.platform = redis.Hget(lh, "platform").value_or("");
  if (found.platform.empty()) {
    found.platform = DiscoverPlatform(settings, found.cloud);
    redis.Hset(lh, "platform", found.platform);
  }
  spdlog::info("bootstrap: cloud={} region={} source={} platform={}", found.cloud, found.region,
               found.source, found.platform);
  return found;
}

void EnsureRuntimeLayout(const fs::path& home) {
  for (const char* folder :
       {"containers/conf", "containers/data/dvr", "containers/data/vod",
        "containers/data/prometheus", "containers/www/.well-known/acme-challenge",
        "containers/objs/nginx/html", "containers/ssl", "logs", "sources"}) {
    fs::create_directories(home / folder);
  }
  // nginx's workers run unprivileged: they write and serve HLS below the runtime folder, so
  // they must be able to pass through it (not to list it; .env stays 0600).
  fs::permissions(home, fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
}

}  // namespace sc::mgmt
