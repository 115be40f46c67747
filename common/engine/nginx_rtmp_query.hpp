#pragma once
#include <string>
#include <string_view>

#include "common/engine/live_streams.hpp"

namespace sc::engine {

// The published streams of nginx-rtmp's `rtmp_stat all` XML (../fixtures/nginx-rtmp-stat.xml).
// Throws EngineError for text that is not that XML.
std::vector<LiveStream> StreamsFromNginxRtmpStat(std::string_view xml);

// nginx with libnginx-mod-rtmp through the loopback-only /stat (rtmp_stat) and /control
// (rtmp_control) locations of containers/nginx-rtmp.conf, under `http_url`
// (e.g. http://127.0.0.1:8080).
class NginxRtmpQuery : public EngineQuery {
 public:
  explicit NginxRtmpQuery(std::string http_url);

  std::string kind() const override { return "nginx-rtmp"; }
  std::vector<LiveStream> Streams() const override;
  // GET /control/drop/client?app=&name=&clientid=: nginx answers how many it dropped.
  bool Kick(const std::string& app, const std::string& stream,
            const std::string& client_id) const override;

 private:
  const std::string http_url_;
};

}  // namespace sc::engine
