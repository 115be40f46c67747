#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "ffmpeg/forward_target.hpp"

namespace sc::ffmpeg {

// A live stream as hooks records it in SRS_STREAM_ACTIVE: {vhost, app, stream, server, client}.
struct ActiveStream {
  std::string url{};  // the hash field: "app/stream" or "vhost/app/stream"
  std::string vhost{};
  std::string app{};
  std::string stream{};
  Json record{};  // the stored value as it is, copied into the ForwardObj
};

// One SRS_STREAM_ACTIVE entry; nullopt when the value is not an object with app and stream.
std::optional<ActiveStream> ParseActiveStream(const std::string& url, std::string_view value);

// Where FFmpeg pulls from: the media engine's RTMP listener (spec/ffmpeg.md §5; the host is
// configurable apart from Redis', §7).
struct RtmpSource {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1935;
};

// rtmp://<host>[:<port>]/<app>/<stream>[?vhost=<vhost>]: app and stream percent-encoded, the
// port only when it is not 1935, the vhost only when it is not the default one (§7 notes).
std::string InputUrl(const RtmpSource& source, const ActiveStream& stream);

// generateOutput (§5): the server trimmed, the secret as is; "/" between them unless the
// server ends with "/", the secret is empty or absent, or the secret starts with "/".
std::string JoinOutput(std::string_view server, const std::optional<std::string>& secret);

// Where a target's task for `stream` pushes to: JoinOutput(server, secret), except with stream
// choice "*", where it is JoinOutput(server, <stream name>) followed by the secret (a query).
std::string OutputUrl(const ForwardTarget& target, const ActiveStream& stream);

// ffmpeg -f flv -i <input> -c copy -f flv <output> (§5); -f mpegts for an srt:// output, the
// container SRT carries.
std::vector<std::string> FfmpegArgv(const std::string& binary, const std::string& input,
                                    const std::string& output);

// A URL safe to log: scheme, host and the first path segment; any user info, further path
// and query become "***" (the push URL carries the platform's stream key, §7).
std::string MaskUrl(std::string_view url);

}  // namespace sc::ffmpeg
