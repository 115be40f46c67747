// srs-cloud-hooks: the media engine's callbacks, the publish secret and the recording pipelines
// (spec/hooks.md). Wiring only.
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/daemon/daemon.hpp"
#include "common/engine/engine_query.hpp"
#include "hooks/nginx_hls_watcher.hpp"
#include "hooks/recording_config.hpp"
#include "hooks/routes.hpp"

namespace {

using namespace sc;

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  hooks::PublishSecret publish_secret(redis);
  publish_secret.Ensure();  // before serving: no publish is ever checked against nothing
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);
  const std::vector<std::string> engines = settings.List("SRS_ENGINE_ADDRESSES");
  const hooks::VerifyApi verify(redis, publish_secret, auth, engines);

  const hooks::RecordingConfig recording = hooks::RecordingConfigFrom(settings);
  const std::unique_ptr<hooks::Storage> dvr_storage = hooks::DvrStorageFrom(settings);
  hooks::DvrTarget dvr_target(*dvr_storage);
  hooks::Staging dvr_staging(recording.staging / "dvr", recording.staging_limit_bytes);
  hooks::Staging vod_staging(recording.staging / "vod", recording.staging_limit_bytes);
  hooks::Pipeline dvr(redis, hooks::kDvrKeys, dvr_staging, &dvr_target, recording.pipeline);
  // Tencent VoD is not wired yet (its TC3/COS signers come from another branch): no target.
  hooks::Pipeline vod(redis, hooks::kVodKeys, vod_staging, nullptr, recording.pipeline);
  const hooks::HlsApi hls(redis, recording.srs_hls, dvr, vod, engines);
  const hooks::RecordApi dvr_api(redis, auth, dvr);
  const hooks::RecordApi vod_api(redis, auth, vod);
  dvr.Start();
  vod.Start();
  std::unique_ptr<hooks::NginxHlsWatcher> watcher;
  if (!recording.nginx_hls.empty()) {
    watcher = std::make_unique<hooks::NginxHlsWatcher>(redis, hls, recording.nginx_hls);
    watcher->ScanAll();
  }

  const std::unique_ptr<engine::EngineQuery> engine = engine::EngineQueryFor(settings);
  const hooks::StreamsApi streams(auth, *engine);

  http::Router router;
  hooks::RegisterRoutes(router, verify);
  hooks::RegisterRecordingRoutes(router, hls, dvr_api, vod_api);
  hooks::RegisterStreamRoutes(router, streams);
  return daemon::ServeUntilStopped("hooks", router,
                                   daemon::ServerOptionsFor(settings, config::kHooksPort), [&] {
                                     watcher.reset();
                                     dvr.Stop();
                                     vod.Stop();
                                   });
}

}  // namespace

int main() { return sc::daemon::Main("hooks", Run); }
