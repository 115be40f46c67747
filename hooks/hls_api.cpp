#include "hooks/hls_api.hpp"

#include "common/auth/random.hpp"
#include "common/util/time.hpp"
#include "hooks/engine_caller.hpp"

namespace sc::hooks {

HlsApi::HlsApi(redis::Client& redis, HlsFolder folder, Pipeline& dvr, Pipeline& vod,
               std::vector<std::string> engine_addresses)
    : redis_(redis),
      folder_(std::move(folder)),
      dvr_(dvr),
      vod_(vod),
      engine_addresses_(std::move(engine_addresses)) {}

Json HlsApi::SrsHls(const http::Request& request) const {
  RequireEngine(request, engine_addresses_);
  Ingest(SegmentFromSrs(request.json), folder_);
  return nullptr;
}

void HlsApi::Ingest(const SegmentEvent& event, const HlsFolder& folder) const {
  // Checked even when recording is off, as the original did (§4.6 step 2).
  const std::filesystem::path source = ConfineSegment(folder, event.file);
  const std::string dvr = Offer(dvr_, event, source);
  const std::string vod = Offer(vod_, event, source);
  const std::string now = util::IsoTime(std::chrono::system_clock::now());
  redis_.Hset(dvr_.keys().patterns, event.m3u8_url, Stringify({{"dvr", dvr}, {"update", now}}));
  redis_.Hset(vod_.keys().patterns, event.m3u8_url, Stringify({{"vod", vod}, {"update", now}}));
}

std::string HlsApi::Offer(Pipeline& pipeline, const SegmentEvent& event,
                          const std::filesystem::path& source) const {
  const std::string_view name = pipeline.keys().name;
  if (redis_.Hget(pipeline.keys().patterns, "all") != "true") return "ignore";
  if (!pipeline.target()) {
    spdlog::warn("{}: no backend for {} yet, segment {} not recorded", name, name, event.url);
    return "ignore";
  }
  const std::string tsid = auth::RandomUuid();
  std::optional<std::filesystem::path> staged;
  try {
    staged = pipeline.staging().Admit(source, tsid);
  } catch (const std::exception& e) {
    spdlog::error("{}: cannot stage {}, segment {} not recorded: {}", name, event.file, event.url, e.what());
    return "ignore";
  }
  if (!staged) {
    const Backlog backlog = pipeline.staging().backlog();
    spdlog::warn("{}: staging full ({} of {} bytes), segment {} skipped", name, backlog.bytes,
                 backlog.limit_bytes, event.url);
    return "ignore";
  }
  // When this throws the copy stays: Redis may have queued the segment and lost only the answer
  // (a restart cuts the connection after the script ran). Unqueued, the staging sweep removes it.
  pipeline.store().Enqueue({{"m3u8_url", event.m3u8_url},
                            {"tsid", tsid},
                            {"tsfile", staged->string()},
                            {"action", name == "dvr" ? "on_dvr_file" : "on_vod_file"},
                            {"file", event.file},
                            {"duration", event.duration},
                            {"seqno", event.seqno},
                            {"url", event.url},
                            {"params", event.params}});
  pipeline.Wake();
  return "task_created";
}

}  // namespace sc::hooks
