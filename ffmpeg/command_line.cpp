#include "ffmpeg/command_line.hpp"

#include "common/util/text.hpp"

#include <cctype>

#include "common/http/url.hpp"

namespace sc::ffmpeg {
namespace {

constexpr std::string_view kDefaultVhost = "__defaultVhost__";

std::string TextField(const Json& value, const char* name) {
  const auto it = value.find(name);
  return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<ActiveStream> ParseActiveStream(const std::string& url, std::string_view value) {
  Json record = Json::parse(value, nullptr, false);
  if (!record.is_object()) return std::nullopt;
  ActiveStream stream{.url = url,
                      .vhost = TextField(record, "vhost"),
                      .app = TextField(record, "app"),
                      .stream = TextField(record, "stream")};
  if (stream.app.empty() || stream.stream.empty()) return std::nullopt;
  stream.record = std::move(record);
  return stream;
}

std::string InputUrl(const RtmpSource& source, const ActiveStream& stream) {
  std::string url = "rtmp://" + source.host;
  if (source.port != 1935) url += ":" + std::to_string(source.port);
  url += "/" + http::PercentEncode(stream.app) + "/" + http::PercentEncode(stream.stream);
  if (!stream.vhost.empty() && stream.vhost != kDefaultVhost) {
    url += "?vhost=" + http::PercentEncode(stream.vhost);
  }
  return url;
}

std::string JoinOutput(std::string_view server, const std::optional<std::string>& secret) {
  const std::string_view trimmed = util::Trim(server);
  const std::string key = secret.value_or("");
  const bool no_separator = trimmed.ends_with('/') || key.empty() || key.starts_with('/');
  return std::string(trimmed) + (no_separator ? "" : "/") + key;
}

std::string OutputUrl(const ForwardTarget& target, const ActiveStream& stream) {
  if (target.choice() != StreamChoice::kEvery) return JoinOutput(target.server, target.secret);
  return JoinOutput(target.server, http::PercentEncode(stream.stream)) + target.secret.value_or("");
}

std::vector<std::string> FfmpegArgv(const std::string& binary, const std::string& input,
                                    const std::string& output) {
  const std::string format = output.starts_with("srt://") ? "mpegts" : "flv";
  return {binary, "-f", "flv", "-i", input, "-c", "copy", "-f", format, output};
}

std::string MaskUrl(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "***";
  const std::size_t host_start = scheme_end + 3;
  std::size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view authority = url.substr(host_start, host_end - host_start);
  std::string masked(url.substr(0, host_start));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    masked += "***@";
    authority.remove_prefix(at + 1);
  }
  masked += authority;
  std::string_view rest = url.substr(host_end);
  if (rest.starts_with('/')) {
    std::size_t app_end = rest.find_first_of("/?#", 1);
    if (app_end == std::string_view::npos) {
      app_end = rest.size();
    } else if (rest[app_end] == '/') {
      ++app_end;  // keep the slash after the app
    }
    masked += rest.substr(0, app_end);
    rest.remove_prefix(app_end);
  }
  if (!rest.empty()) masked += "***";
  return masked;
}

}  // namespace sc::ffmpeg
