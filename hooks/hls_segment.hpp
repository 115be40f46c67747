#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace sc::hooks {

// One finished HLS segment, from SRS's on_hls (spec/hooks.md §4.6) or the nginx-rtmp watcher.
struct SegmentEvent {
  std::string vhost{};
  std::string app{};
  std::string stream{};
  std::string file{};      // as the engine names it, e.g. "./objs/nginx/html/live/livestream-3.ts"
  std::string url{};       // "live/livestream-3.ts"
  std::string m3u8_url{};  // "live/livestream.m3u8": the session key
  double duration = 0;
  std::int64_t seqno = 0;
  Json params = Json::object();  // the whole callback, kept in LocalFile.params
};

// An SRS on_hls body. ApiError 1004/422 "invalid action=<action>" for another action, 422 for
// mistyped fields and for an m3u8_url that is empty, over 512 bytes or holds control characters.
SegmentEvent SegmentFromSrs(const Json& body);

// Where the engine's segments may be: `root` is the HLS folder; relative `file`s resolve against
// `engine_dir` (SRS's working directory, since SRS sends "./objs/nginx/html/...").
struct HlsFolder {
  std::filesystem::path root{};
  std::filesystem::path engine_dir{};
};

// The real path of `file` if it is a regular ".ts" file inside the HLS folder, symlinks resolved
// (realpath, then a prefix check by path components, then S_ISREG); ApiError 1004/422
// "invalid ts file <file>" for anything else (spec/hooks.md §4.6 note: no `..`, no symlink out,
// no /dev/zero, no .env).
std::filesystem::path ConfineSegment(const HlsFolder& folder, std::string_view file);

}  // namespace sc::hooks
