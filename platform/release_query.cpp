#include "platform/release_query.hpp"

#include "common/redis/keys.hpp"
#include "common/util/text.hpp"

namespace sc::platform {
namespace {

namespace keys = redis::keys;

long long ToInt(const std::optional<std::string>& text) {
  return text ? util::ParseInteger(*text).value_or(0) : 0;
}

std::optional<std::string> StringOf(const Json& answer, const char* name) {
  if (answer.is_object() && answer.contains(name) && answer[name].is_string()) {
    return answer[name].get<std::string>();
  }
  return std::nullopt;
}

}  // namespace

ReleaseQuery::ReleaseQuery(redis::Client& redis, const MgmtClient& mgmt,
                           const config::Settings& settings)
    : redis_(redis), mgmt_(mgmt), settings_(settings) {}

Json ReleaseQuery::TelemetryParams() {
  Json params = Json::object();
  auto add = [&params](const char* name, const Json& value) {
    if (IsTruthy(value)) params[name] = value;
  };
  add("nid", redis_.Hget(keys::kSrsTencentLh, "node").value_or(""));
  if (redis_.Hget(keys::kSrsTencentCos, "bucket").value_or("") != "") {
    add("cos", 1);
    add("cosn", redis_.Hlen(keys::kSrsDvrM3u8Metadata));
  }
  if (redis_.Hget(keys::kSrsTencentVod, "storage").value_or("") != "") {
    add("vod", 1);
    add("vodn", redis_.Hlen(keys::kSrsVodM3u8Metadata));
  }
  add("forward", redis_.Hlen(keys::kSrsForwardStream));
  // The counters are reported once, then reset (the original guarded `players` by the
  // publish counter; each is read on its own here).
  if (const auto publish = redis_.Hget(keys::kSrsStatCounter, "publish")) {
    add("streams", ToInt(publish));
    redis_.Hset(keys::kSrsStatCounter, "publish", "0");
  }
  if (const auto play = redis_.Hget(keys::kSrsStatCounter, "play")) {
    add("players", ToInt(play));
    redis_.Hset(keys::kSrsStatCounter, "play", "0");
  }
  add("srt", redis_.Hlen(keys::kSrsStreamSrtActive));
  add("rtc", redis_.Hlen(keys::kSrsStreamRtcActive));
  add("beian", redis_.Hlen(keys::kSrsBeian));
  add("https", redis_.Get(keys::kSrsHttps).value_or(""));
  if (redis_.Hget(keys::kSrsUpgradeWindow, "update")) add("uwin", 1);
  if (settings_.Get("NODE_ENV") == "development") add("dev", 1);
  if (redis_.Hget(keys::kSrsContainerDisabled, "srs-dev") == "false") add("srsd", 1);
  add("plat", redis_.Hget(keys::kSrsTencentLh, "platform").value_or(""));
  return params;
}

Releases ReleaseQuery::Run() {
  const Json params = settings_.Bool("TELEMETRY", true) ? TelemetryParams() : Json::object();
  const Json answer = mgmt_.RefreshVersion(params);
  Releases releases{.version = StringOf(answer, "version").value_or(""),
                    .stable = StringOf(answer, "stable"),
                    .latest = StringOf(answer, "latest")};
  std::lock_guard lock(mutex_);
  last_ = releases;
  return releases;
}

Releases ReleaseQuery::Last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

}  // namespace sc::platform
