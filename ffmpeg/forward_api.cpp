#include "ffmpeg/forward_api.hpp"

#include <map>

#include "common/http/api_error.hpp"
#include "common/http/fields.hpp"
#include "common/redis/keys.hpp"
#include "ffmpeg/command_line.hpp"
#include "ffmpeg/forward_target.hpp"
#include "sc/version.hpp"

namespace sc::ffmpeg {
namespace {

namespace keys = redis::keys;
using http::ErrorCode;

Json ParsedOrNull(const std::map<std::string, std::string>& hash, const std::string& field) {
  const auto it = hash.find(field);
  if (it == hash.end()) return nullptr;
  Json value = Json::parse(it->second, nullptr, false);
  return value.is_discarded() ? Json(nullptr) : value;
}

std::map<std::string, std::string> AsMap(std::vector<std::pair<std::string, std::string>> entries) {
  return {std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end())};
}

}  // namespace

ForwardApi::ForwardApi(redis::Client& redis, const auth::TokenAuth& auth,
                       std::function<void()> changed)
    : redis_(redis), auth_(auth), changed_(std::move(changed)) {}

Json ForwardApi::Versions(const http::Request&) const { return {{"version", kVersion}}; }

Json ForwardApi::Secret(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::optional<std::string> action = http::OptionalString(request.json, "action");
  if (!action || action->empty()) return Query();  // the original tests `action` for truthiness
  if (*action == "update") {
    Update(request.json);
  } else if (*action == "delete") {
    Delete(request.json);
  } else {
    throw http::BadArgs(ErrorCode::kSysInvalid, "invalid action " + action->substr(0, 64));
  }
  if (changed_) changed_();
  return nullptr;
}

Json ForwardApi::Query() const {
  Json data = Json::object();
  for (const auto& [platform, value] : redis_.Hgetall(keys::kSrsForwardConfig)) {
    Json config = Json::parse(value, nullptr, false);
    if (!config.is_discarded()) data[platform] = std::move(config);
  }
  return data;
}

void ForwardApi::Update(const Json& body) const {
  const ForwardTarget target = TargetFromUpdate(body);
  redis_.Hset(keys::kSrsForwardConfig, target.platform, Stringify(ToJson(target)));
  spdlog::info("forward: target {} set to {}, enabled={}{}", target.platform,
               MaskUrl(JoinOutput(target.server, target.secret)), target.enabled,
               target.stream.empty() ? "" : ", stream=" + target.stream);
}

void ForwardApi::Delete(const Json& body) const {
  const std::string platform = PlatformFromDelete(body);
  if (redis_.Hdel(keys::kSrsForwardConfig, platform) == 0) {
    throw http::NotFound(ErrorCode::kSysInvalid, "no target " + platform);
  }
  spdlog::info("forward: target {} deleted", platform);
}

Json ForwardApi::Streams(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const auto configs = redis_.Hgetall(keys::kSrsForwardConfig);
  const auto mapping = AsMap(redis_.Hgetall(keys::kSrsForwardMap));
  const auto frames = AsMap(redis_.Hgetall(keys::kSrsForwardFrame));
  std::vector<std::string> tasks;  // only needed for targets that forward every stream
  Json data = Json::array();
  for (const auto& [platform, value] : configs) {
    const Json config = Json::parse(value, nullptr, false);
    const auto target = ParseStoredTarget(value);
    if (!config.is_object() || !target) continue;
    const auto entry = [&](const std::optional<std::string>& stream) {
      Json item = Json::object();
      for (const char* name : {"platform", "enabled"}) {
        if (config.contains(name)) item[name] = config[name];  // as stored (§3.3)
      }
      if (!target->label.empty()) item["label"] = target->label;
      if (stream) item["stream"] = *stream;
      item["frame"] = stream ? ParsedOrNull(frames, platform + "@" + *stream) : Json(nullptr);
      return item;
    };
    if (target->choice() != StreamChoice::kEvery) {
      const auto mapped = mapping.find(platform);
      data.push_back(entry(mapped == mapping.end() ? std::nullopt : std::optional(mapped->second)));
      continue;
    }
    if (tasks.empty()) tasks = redis_.Hkeys(keys::kSrsForwardStream);
    const std::string prefix = platform + "@";
    bool any = false;
    for (const std::string& key : tasks) {
      if (!key.starts_with(prefix)) continue;
      data.push_back(entry(key.substr(prefix.size())));
      any = true;
    }
    if (!any) data.push_back(entry(std::nullopt));
  }
  return data;
}

}  // namespace sc::ffmpeg
