#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace sc::ffmpeg {

// Which live streams a target forwards (custom targets only; the original platforms always
// take the first live stream, spec/ffmpeg.md §6.2).
enum class StreamChoice {
  kFirstLive,  // "" : one stream at a time, the first live one found when the target was free
  kOne,        // "app/stream": exactly that stream, whenever it is live
  kEvery,      // "*" : every live stream, each to <server>/<stream name>
};

// One forward destination, a value of SRS_FORWARD_CONFIG (spec/ffmpeg.md §2, §4). The original
// platforms keep the original shape {platform, server, secret, enabled}; custom targets
// ("custom-<name>") may add `stream` and `label` (see ffmpeg/README-section.md).
struct ForwardTarget {
  std::string platform{};               // "wx", "bilibili", "kuaishou" or "custom-<name>"
  std::string server{};                 // ingest URL as the user typed it (trimmed when joined)
  std::optional<std::string> secret{};  // stream key; absent is omitted from the JSON
  bool enabled = false;
  std::string stream{};  // custom only: "", "app/stream" (or "vhost/app/stream"), "*"
  std::string label{};   // custom only: a display name

  StreamChoice choice() const;
};

// "wx", "bilibili", "kuaishou".
bool IsOriginalPlatform(std::string_view platform);
// "custom-" followed by 1-48 of [A-Za-z0-9_-].
bool IsCustomPlatform(std::string_view platform);

// A stored SRS_FORWARD_CONFIG value. `enabled` is the JavaScript truthiness of what is stored
// (values written by the original may be any JSON). nullopt when it is not a JSON object with
// a non-empty string `platform`.
std::optional<ForwardTarget> ParseStoredTarget(std::string_view text);

// The stored and wire shape: {platform, server[, secret], enabled[, stream][, label]}.
Json ToJson(const ForwardTarget& target);

// The body of forward/secret with action "update", validated in the original's order, with
// the port's fixes (spec/ffmpeg.md §3.2 note): ApiError 422, code 1000 for a missing field,
// 1004 for a wrong one; `enabled` must be a JSON boolean; the server must be rtmp:// or rtmps://
// (custom targets also srt://).
ForwardTarget TargetFromUpdate(const Json& body);

// The platform of a forward/secret body with action "delete": a custom target (ApiError 422
// otherwise: the original platforms are fixed and can only be disabled).
std::string PlatformFromDelete(const Json& body);

}  // namespace sc::ffmpeg
