#include "hooks/hls_segment.hpp"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>

#include "common/http/api_error.hpp"
#include "common/http/fields.hpp"

namespace sc::hooks {
namespace {

using http::ErrorCode;

std::string Field(const Json& body, std::string_view name) {
  return http::OptionalString(body, name).value_or("");
}

[[noreturn]] void InvalidFile(std::string_view file) {
  throw http::BadArgs(ErrorCode::kSysInvalid, "invalid ts file " + std::string(file));
}

std::optional<std::filesystem::path> RealPath(const std::filesystem::path& path) {
  char resolved[PATH_MAX];
  if (!::realpath(path.c_str(), resolved)) return std::nullopt;
  return std::filesystem::path(resolved);
}

bool Inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto [root_end, ignored] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end() && path != root;
}

}  // namespace

SegmentEvent SegmentFromSrs(const Json& body) {
  const std::string action = Field(body, "action");
  if (action != "on_hls") throw http::BadArgs(ErrorCode::kSysInvalid, "invalid action=" + action);
  SegmentEvent event{.vhost = Field(body, "vhost"),
                     .app = Field(body, "app"),
                     .stream = Field(body, "stream"),
                     .file = Field(body, "file"),
                     .url = Field(body, "url"),
                     .m3u8_url = Field(body, "m3u8_url"),
                     .params = body};
  const auto duration = body.find("duration");
  if (duration != body.end() && !duration->is_number()) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "duration must be a number");
  }
  event.duration = duration == body.end() ? 0 : duration->get<double>();
  event.seqno = http::OptionalInteger(body, "seq_no").value_or(0);
  if (event.m3u8_url.empty() || event.m3u8_url.size() > 512 ||
      std::any_of(event.m3u8_url.begin(), event.m3u8_url.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "invalid m3u8_url");
  }
  return event;
}

std::filesystem::path ConfineSegment(const HlsFolder& folder, std::string_view file) {
  if (file.empty() || file.find('\0') != std::string_view::npos || !file.ends_with(".ts")) InvalidFile(file);
  std::filesystem::path path(file);
  if (path.is_relative()) path = folder.engine_dir / path;
  const auto root = RealPath(folder.root);
  const auto real = RealPath(path);
  if (!root || !real || !Inside(*root, *real)) InvalidFile(file);
  struct stat info {};
  if (::stat(real->c_str(), &info) != 0 || !S_ISREG(info.st_mode)) InvalidFile(file);
  return *real;
}

}  // namespace sc::hooks
