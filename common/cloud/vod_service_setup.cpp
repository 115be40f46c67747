#include "common/cloud/vod_service_setup.hpp"

#include "common/cloud/cam_account.hpp"
#include "common/redis/keys.hpp"

namespace sc::cloud {
namespace {

namespace keys = redis::keys;

// spec/tencent.md §4.2, note for the port: an account that already has the service or the
// storage region (Redis was reset) must not fail the setup.
bool MeansAlreadyThere(const TencentError& error) {
  const std::string& code = error.code();
  return code == "FailedOperation.ServiceExist" || code.ends_with("Exist") ||
         code.ends_with("Exists") || code.find("AlreadyExist") != std::string::npos;
}

bool CodecIsCopy(const Json& template_json, const char* part) {
  const auto it = template_json.find(part);
  return it != template_json.end() && it->is_object() && it->value("Codec", Json()) == "copy";
}

// The first MP4 template that copies both streams (a remux), or null.
Json FindRemuxTemplate(const Json& templates) {
  if (!templates.is_array()) return nullptr;
  for (const Json& item : templates) {
    if (item.is_object() && item.value("Container", Json()) == "mp4" &&
        CodecIsCopy(item, "VideoTemplate") && CodecIsCopy(item, "AudioTemplate")) {
      return item;
    }
  }
  return nullptr;
}

void StoreTranscodeTemplates(redis::Client& redis, const TencentApi& api,
                             const TencentCredentials& credentials, const std::string& region) {
  const Json answer = api.Call(credentials, kVodDescribeTranscodeTemplates,
                               {{"Type", "Preset"},
                                {"ContainerType", "Video"},
                                {"Limit", 100},
                                {"Offset", 0},
                                {"TEHDType", "Common"}},
                               region);
  if (answer.value("TotalCount", 0) >= 100) {
    spdlog::warn("VoD: {} transcode templates, only the first 100 are read",
                 answer.value("TotalCount", 0));
  }
  Json templates = Json::array();
  if (const auto set = answer.find("TranscodeTemplateSet");
      set != answer.end() && set->is_array()) {
    for (const Json& item : *set) {
      const Json name = item.is_object() ? item.value("Name", Json()) : Json();
      if (name.is_string() && name.get<std::string>().find("Deprecated") != std::string::npos) {
        continue;
      }
      templates.push_back(item);
    }
  }
  const Json stored = {{"nn", templates.size()}, {"templates", templates}};
  redis.Hset(keys::kSrsTencentVod, "transcode", Stringify(stored));
  spdlog::info("VoD: {} transcode templates stored", templates.size());
}

void StoreRemuxTemplate(redis::Client& redis) {
  const Json transcode =
      Json::parse(redis.Hget(keys::kSrsTencentVod, "transcode").value_or("{}"), nullptr, false);
  const Json remux =
      FindRemuxTemplate(transcode.is_object() ? transcode.value("templates", Json()) : Json());
  if (remux.is_null()) {
    spdlog::warn("VoD: no MP4 remux template (copy/copy) among the presets");
    return;
  }
  const Json stored = {{"definition", remux.value("Definition", Json())},
                       {"name", remux.value("Name", Json())},
                       {"comment", remux.value("Comment", Json())},
                       {"container", remux.value("Container", Json())},
                       {"update", remux.value("UpdateTime", Json())}};
  redis.Hset(keys::kSrsTencentVod, "remux", Stringify(stored));
  spdlog::info("VoD: remux template {}", Stringify(stored["definition"]));
}

void StoreDomain(redis::Client& redis, const TencentApi& api, const TencentCredentials& credentials,
                 const std::string& region) {
  const Json answer = api.Call(credentials, kVodDescribeVodDomains, Json::object(), region);
  if (const auto set = answer.find("DomainSet"); set != answer.end() && set->is_array()) {
    for (const Json& domain : *set) {
      if (domain.is_object() && domain.value("DeployStatus", Json()) == "Online" &&
          domain.value("Domain", Json()).is_string()) {
        redis.Hset(keys::kSrsTencentVod, "domain", domain["Domain"].get<std::string>());
        spdlog::info("VoD: domain {}", domain["Domain"].get<std::string>());
        return;
      }
    }
  }
  spdlog::warn("VoD: no online domain yet");
}

}  // namespace

void EnsureVodService(redis::Client& redis, const TencentApi& api, const std::string& region) {
  const auto account = LoadCamAccount(redis);
  if (!account) {
    spdlog::warn("VoD setup skipped: no Tencent Cloud account in {}", keys::kSrsTencentCam);
    return;
  }
  const TencentCredentials& credentials = account->credentials;

  if (!redis.Hget(keys::kSrsTencentVod, "service")) {
    try {
      api.Call(credentials, kVodCreateService, Json::object());
    } catch (const TencentError& error) {
      if (!MeansAlreadyThere(error)) throw;
    }
    redis.Hset(keys::kSrsTencentVod, "service", "ok");
    spdlog::info("VoD: service open");
  }
  if (!redis.Hget(keys::kSrsTencentVod, "storage")) {
    try {
      api.Call(credentials, kVodCreateStorageRegion, {{"StorageRegion", region}});
    } catch (const TencentError& error) {
      if (!MeansAlreadyThere(error)) throw;
    }
    redis.Hset(keys::kSrsTencentVod, "storage", region);
    spdlog::info("VoD: storage in {}", region);
  }
  if (!redis.Hget(keys::kSrsTencentVod, "transcode")) {
    StoreTranscodeTemplates(redis, api, credentials, region);
  }
  if (!redis.Hget(keys::kSrsTencentVod, "remux")) StoreRemuxTemplate(redis);
  if (!redis.Hget(keys::kSrsTencentVod, "domain")) StoreDomain(redis, api, credentials, region);
}

}  // namespace sc::cloud
