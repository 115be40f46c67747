#pragma once
#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/redis/client.hpp"
#include "hooks/hls_api.hpp"

namespace sc::hooks {

// A segment listed in an nginx-rtmp playlist.
struct ListedSegment {
  std::string name{};  // "livestream-3.ts"
  std::int64_t seqno = 0;
  double duration = 0;
};

// The segments of an nginx-rtmp playlist in order, with their sequence numbers (from the
// "<stream>-<n>.ts" name, else EXT-X-MEDIA-SEQUENCE + index) and EXTINF durations.
std::vector<ListedSegment> ParseNginxPlaylist(std::string_view playlist);

// nginx-rtmp has no per-segment callback (port-decisions.md §2), so this watches its HLS folder
// with inotify and turns each playlist update into the segment events SRS's on_hls gives.
//
// Layout it expects (auto/ config and tests/hooks/nginx_e2e_test.cpp write it): one nginx
// `application <app>` per app with `hls_path <NGINX_HLS_DIR>/<app>`, `hls_nested off` and the
// default sequential fragment naming, so files are "<root>/<app>/<stream>-<seq>.ts" next to
// "<root>/<app>/<stream>.m3u8" - the layout of SRS's hls_ts_file [app]/[stream]-[seq].ts.
// nginx-rtmp rewrites the playlist (write + rename) right after it closes a fragment, so a
// segment listed there is complete.
//
// The last sequence number taken per m3u8_url is claimed in Redis (SRS_NGINX_HLS_SEQ) with a
// compare-and-set, so a restart does not take segments twice and of several hooks processes
// only one takes each segment.
class NginxHlsWatcher {
 public:
  NginxHlsWatcher(redis::Client& redis, const HlsApi& hls, std::filesystem::path root);
  ~NginxHlsWatcher();  // stops the thread

  // Reads every playlist under the root once (what appeared while no watcher ran).
  void ScanAll();

 private:
  void Loop();
  void Watch(const std::filesystem::path& dir);
  void OnPlaylist(const std::filesystem::path& playlist);

  redis::Client& redis_;
  const HlsApi& hls_;
  const HlsFolder folder_;
  int inotify_ = -1;
  std::map<int, std::filesystem::path> watches_{};  // watch descriptor -> folder; thread only
  std::atomic<bool> stopping_{false};
  std::thread thread_{};
};

}  // namespace sc::hooks
