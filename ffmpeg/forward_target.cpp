#include "ffmpeg/forward_target.hpp"

#include "common/util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/http/api_error.hpp"
#include "common/http/fields.hpp"

namespace sc::ffmpeg {
namespace {

using http::BadArgs;
using http::ErrorCode;

constexpr std::array<std::string_view, 3> kOriginalPlatforms = {"wx", "bilibili", "kuaishou"};
constexpr std::string_view kCustomPrefix = "custom-";
constexpr std::size_t kMaxUrl = 1024;
constexpr std::size_t kMaxLabel = 64;

bool IsNameChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; }
bool IsStreamChar(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~';
}
bool HasControlOrSpace(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

// The scheme of a forward server, when it is one FFmpeg may write to; a plain path or file:
// would make FFmpeg write a local file (spec/ffmpeg.md §3.2 note).
std::optional<std::string_view> SchemeOf(std::string_view server, bool custom) {
  for (std::string_view scheme : {"rtmp://", "rtmps://", "srt://"}) {
    if (scheme == "srt://" && !custom) continue;
    if (server.size() > scheme.size() && server.substr(0, scheme.size()) == scheme &&
        server[scheme.size()] != '/') {
      return scheme;
    }
  }
  return std::nullopt;
}

// "app/stream" or "vhost/app/stream", each part of URL-safe characters.
bool IsStreamUrl(std::string_view text) {
  std::size_t parts = 0;
  while (true) {
    const std::size_t slash = text.find('/');
    const std::string_view part = text.substr(0, slash);
    if (part.empty() || part == "." || part == ".." ||
        !std::all_of(part.begin(), part.end(), [](unsigned char c) { return IsStreamChar(c); })) {
      return false;
    }
    ++parts;
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
  }
  return parts == 2 || parts == 3;
}

std::string RequiredPlatform(const Json& body) {
  const std::string platform = http::RequiredString(body, "platform", "no platform");
  if (!IsOriginalPlatform(platform) && !IsCustomPlatform(platform)) {
    throw BadArgs(ErrorCode::kSysInvalid, "invalid platform " + platform.substr(0, 64));
  }
  return platform;
}

void CheckServer(const ForwardTarget& target, bool custom) {
  const std::string_view server = util::Trim(target.server);
  if (server.size() > kMaxUrl || HasControlOrSpace(server)) {
    throw BadArgs(ErrorCode::kSysInvalid, "invalid server");
  }
  const auto scheme = SchemeOf(server, custom);
  if (!scheme) {
    throw BadArgs(ErrorCode::kSysInvalid,
                  custom ? "invalid server, must be rtmp://, rtmps:// or srt://"
                         : "invalid server, must be rtmp:// or rtmps://");
  }
  const std::string secret = target.secret.value_or("");
  if (secret.size() > kMaxUrl || HasControlOrSpace(secret)) {
    throw BadArgs(ErrorCode::kSysInvalid, "invalid secret");
  }
  if (*scheme == "srt://" && !secret.empty()) {
    // An SRT target names its stream in the server URL (?streamid=...); there is no path to
    // join a key to.
    throw BadArgs(ErrorCode::kSysInvalid,
                  "invalid secret, an srt:// target takes its streamid in the server URL");
  }
  if (target.choice() == StreamChoice::kEvery) {
    if (*scheme == "srt://") {
      throw BadArgs(ErrorCode::kSysInvalid,
                    "invalid stream, * needs an rtmp:// or rtmps:// server");
    }
    if (!secret.empty() && secret.front() != '?') {
      throw BadArgs(ErrorCode::kSysInvalid,
                    "invalid secret, with stream * it must be a query (?...)");
    }
  }
}

void ReadCustomFields(const Json& body, ForwardTarget& target) {
  target.stream = http::OptionalString(body, "stream").value_or("");
  target.label = http::OptionalString(body, "label").value_or("");
  if (!IsCustomPlatform(target.platform)) {
    if (!target.stream.empty())
      throw BadArgs(ErrorCode::kSysInvalid, "stream is only for custom targets");
    if (!target.label.empty())
      throw BadArgs(ErrorCode::kSysInvalid, "label is only for custom targets");
    return;
  }
  if (!target.stream.empty() && target.stream != "*" && !IsStreamUrl(target.stream)) {
    throw BadArgs(ErrorCode::kSysInvalid,
                  "invalid stream, must be app/stream, vhost/app/stream or *");
  }
  if (target.label.size() > kMaxLabel || std::any_of(target.label.begin(), target.label.end(),
                                                     [](unsigned char c) { return c < ' '; })) {
    throw BadArgs(ErrorCode::kSysInvalid, "invalid label");
  }
}

}  // namespace

StreamChoice ForwardTarget::choice() const {
  if (stream.empty()) return StreamChoice::kFirstLive;
  if (stream == "*") return StreamChoice::kEvery;
  return StreamChoice::kOne;
}

bool IsOriginalPlatform(std::string_view platform) {
  return std::find(kOriginalPlatforms.begin(), kOriginalPlatforms.end(), platform) !=
         kOriginalPlatforms.end();
}

bool IsCustomPlatform(std::string_view platform) {
  if (!platform.starts_with(kCustomPrefix)) return false;
  const std::string_view name = platform.substr(kCustomPrefix.size());
  return !name.empty() && name.size() <= 48 &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return IsNameChar(c); });
}

std::optional<ForwardTarget> ParseStoredTarget(std::string_view text) {
  const Json value = Json::parse(text, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  const auto text_of = [&value](const char* name) {
    const auto it = value.find(name);
    return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  ForwardTarget target{.platform = text_of("platform"),
                       .server = text_of("server"),
                       .enabled = value.contains("enabled") && IsTruthy(value["enabled"]),
                       .stream = text_of("stream"),
                       .label = text_of("label")};
  if (target.platform.empty()) return std::nullopt;
  if (value.contains("secret") && value["secret"].is_string()) target.secret = text_of("secret");
  return target;
}

Json ToJson(const ForwardTarget& target) {
  Json json = {{"platform", target.platform}, {"server", target.server}};
  if (target.secret) json["secret"] = *target.secret;
  json["enabled"] = target.enabled;
  if (!target.stream.empty()) json["stream"] = target.stream;
  if (!target.label.empty()) json["label"] = target.label;
  return json;
}

ForwardTarget TargetFromUpdate(const Json& body) {
  ForwardTarget target{.platform = RequiredPlatform(body)};
  const bool custom = IsCustomPlatform(target.platform);
  target.server = http::RequiredString(body, "server", "no server");
  target.secret = http::OptionalString(body, "secret");
  const auto enabled = body.find("enabled");
  if (enabled == body.end() || enabled->is_null())
    throw BadArgs(ErrorCode::kSysEmpty, "no enabled");
  if (!enabled->is_boolean()) throw BadArgs(ErrorCode::kSysInvalid, "enabled must be a boolean");
  target.enabled = enabled->get<bool>();
  ReadCustomFields(body, target);
  CheckServer(target, custom);
  return target;
}

std::string PlatformFromDelete(const Json& body) {
  std::string platform = RequiredPlatform(body);
  if (!IsCustomPlatform(platform)) {
    throw BadArgs(ErrorCode::kSysInvalid,
                  "invalid platform " + platform + ", only custom targets can be deleted");
  }
  return platform;
}

}  // namespace sc::ffmpeg
