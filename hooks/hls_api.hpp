#pragma once
#include <string>
#include <vector>

#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "hooks/hls_segment.hpp"
#include "hooks/pipeline.hpp"

namespace sc::hooks {

// SRS's on_hls callback (spec/hooks.md §4.6) and the segment intake both engines share: a
// finished segment is confined to the HLS folder, copied to the staging folder of each pipeline
// that is on (SRS_DVR_PATTERNS / SRS_VOD_PATTERNS `all`), queued durably, and tagged.
class HlsApi {
 public:
  HlsApi(redis::Client& redis, HlsFolder folder, Pipeline& dvr, Pipeline& vod,
         std::vector<std::string> engine_addresses);

  // ALL /terraform/v1/hooks/srs/hls: engine only (403), {"code":0}; 422 for another action, a
  // file outside the HLS folder or a bad m3u8_url.
  Json SrsHls(const http::Request& request) const;

  // The intake itself, also called by the nginx-rtmp watcher (with nginx's folder). Throws
  // ApiError 422 for a file outside `folder`; a segment that cannot be staged (disk limit, a full
  // disk, the engine already deleted it) is logged, counted as refused and skipped, since the
  // engine cannot do anything about it. Redis unreachable: throws ApiError 1007 (HTTP 500), so the
  // engine's log shows the segment was not taken (SRS does not resend an on_hls).
  void Ingest(const SegmentEvent& event, const HlsFolder& folder) const;

 private:
  // Stages and queues the segment for `pipeline`; the LocalFile tag ("task_created") or "ignore".
  std::string Offer(Pipeline& pipeline, const SegmentEvent& event,
                    const std::filesystem::path& source) const;

  redis::Client& redis_;
  const HlsFolder folder_;
  Pipeline& dvr_;
  Pipeline& vod_;
  const std::vector<std::string> engine_addresses_;
};

}  // namespace sc::hooks
