#include "hooks/nginx_hls_watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/http/api_error.hpp"
#include "common/util/text.hpp"
#include "hooks/field_swap.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSeqKey = "SRS_NGINX_HLS_SEQ";
constexpr std::uint32_t kDirEvents = IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ONLYDIR;

std::optional<std::int64_t> SeqOfName(std::string_view name) {
  if (!name.ends_with(".ts")) return std::nullopt;
  name.remove_suffix(3);
  const auto dash = name.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto seq = util::ParseInteger(name.substr(dash + 1));
  if (!seq || *seq < 0) return std::nullopt;
  return *seq;
}

}  // namespace

std::vector<ListedSegment> ParseNginxPlaylist(std::string_view playlist) {
  std::vector<ListedSegment> segments;
  std::int64_t media_sequence = 0;
  double duration = 0;
  bool has_duration = false;  // an EXTINF waits for its URI line
  std::istringstream lines{std::string(playlist)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("#EXT-X-MEDIA-SEQUENCE:")) {
      media_sequence = util::ParseInteger(line.substr(22)).value_or(0);
    } else if (line.starts_with("#EXTINF:")) {
      duration = std::strtod(line.c_str() + 8, nullptr);
      has_duration = true;
    } else if (!line.empty() && line.front() != '#' && has_duration) {
      const auto seq = SeqOfName(line);
      segments.push_back({.name = line,
                          .seqno = seq.value_or(media_sequence + static_cast<std::int64_t>(segments.size())),
                          .duration = duration});
      has_duration = false;
    }
  }
  return segments;
}

NginxHlsWatcher::NginxHlsWatcher(redis::Client& redis, const HlsApi& hls, fs::path root)
    : redis_(redis), hls_(hls), folder_{.root = root, .engine_dir = root} {
  fs::create_directories(folder_.root);
  inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_ < 0) throw std::runtime_error(std::string("inotify: ") + std::strerror(errno));
  Watch(folder_.root);
  for (const auto& entry : fs::directory_iterator(folder_.root)) {
    if (entry.is_directory()) Watch(entry.path());
  }
  thread_ = std::thread([this] { Loop(); });
}

NginxHlsWatcher::~NginxHlsWatcher() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (inotify_ >= 0) ::close(inotify_);
}

void NginxHlsWatcher::Watch(const fs::path& dir) {
  const int wd = ::inotify_add_watch(inotify_, dir.c_str(), kDirEvents);
  if (wd < 0) {
    spdlog::warn("nginx hls: cannot watch {}: {}", dir.string(), std::strerror(errno));
    return;
  }
  watches_[wd] = dir;
}

void NginxHlsWatcher::ScanAll() {
  std::error_code error;
  for (const auto& app : fs::directory_iterator(folder_.root, error)) {
    if (!app.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(app.path(), error)) {
      if (entry.path().extension() == ".m3u8") OnPlaylist(entry.path());
    }
  }
}

void NginxHlsWatcher::Loop() {
  alignas(inotify_event) char buffer[16 * 1024];
  while (!stopping_) {
    pollfd ready{.fd = inotify_, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, 300) <= 0) continue;
    const ssize_t got = ::read(inotify_, buffer, sizeof(buffer));
    if (got <= 0) continue;
    for (ssize_t offset = 0; offset < got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      const auto dir = watches_.find(event->wd);
      if (dir == watches_.end() || event->len == 0) continue;
      const fs::path path = dir->second / event->name;
      try {
        if ((event->mask & IN_ISDIR) && dir->second == folder_.root) {
          Watch(path);  // a new app folder; its first playlist comes later
        } else if (path.extension() == ".m3u8" && dir->second != folder_.root) {
          OnPlaylist(path);
        }
      } catch (const std::exception& e) {
        spdlog::warn("nginx hls: {}: {}", path.string(), e.what());
      }
    }
  }
}

void NginxHlsWatcher::OnPlaylist(const fs::path& playlist) {
  std::ifstream in(playlist);
  if (!in) return;  // replaced again meanwhile; the next rename brings it back
  std::ostringstream text;
  text << in.rdbuf();
  const std::vector<ListedSegment> segments = ParseNginxPlaylist(text.str());
  if (segments.empty()) return;

  const std::string app = playlist.parent_path().filename().string();
  const std::string stream = playlist.stem().string();
  const std::string m3u8_url = app + "/" + stream + ".m3u8";
  std::int64_t newest = 0;
  for (const auto& segment : segments) newest = std::max(newest, segment.seqno);

  for (const ListedSegment& segment : segments) {
    const auto claimed_text = redis_.Hget(kSeqKey, m3u8_url);
    std::int64_t claimed = claimed_text ? util::ParseInteger(*claimed_text).value_or(-1) : -1;
    if (newest < claimed) claimed = -1;  // numbering restarted: a new publish without the old playlist
    if (segment.seqno <= claimed) continue;
    // Claim it first: whoever wins the compare-and-set takes the segment.
    if (!SwapFields(redis_, {{.key = std::string(kSeqKey), .field = m3u8_url, .expected = claimed_text,
                              .next = std::to_string(segment.seqno)}})) {
      continue;
    }
    const fs::path file = playlist.parent_path() / segment.name;
    SegmentEvent event{.vhost = "__defaultVhost__",
                       .app = app,
                       .stream = stream,
                       .file = file.string(),
                       .url = app + "/" + segment.name,
                       .m3u8_url = m3u8_url,
                       .duration = segment.duration,
                       .seqno = segment.seqno};
    event.params = {{"action", "on_hls"},   {"engine", "nginx-rtmp"},   {"vhost", event.vhost},
                    {"app", app},           {"stream", stream},         {"duration", segment.duration},
                    {"file", event.file},   {"url", event.url},         {"m3u8_url", m3u8_url},
                    {"seq_no", segment.seqno}};
    try {
      hls_.Ingest(event, folder_);
    } catch (const http::ApiError& e) {
      spdlog::warn("nginx hls: segment {} refused: {}", event.file, e.what());
    }
  }
}

}  // namespace sc::hooks
