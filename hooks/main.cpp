// srs-cloud-hooks: the media engine's callbacks, the publish secret and the recording pipelines
// (spec/hooks.md). Wiring only.
#include "common/async/event_loop.hpp"
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/daemon/daemon.hpp"
#include "common/engine/engine_query.hpp"
#include "common/util/periodic_worker.hpp"
#include "common/util/worker_pool.hpp"
#include "hooks/nginx_hls_watcher.hpp"
#include "hooks/recording_config.hpp"
#include "hooks/routes.hpp"
#include "hooks/stream_reconciler.hpp"
#include "hooks/vod_target.hpp"

namespace {

using namespace sc;

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  hooks::PublishSecret publish_secret(redis);
  publish_secret.Ensure();  // before serving: no publish is ever checked against nothing
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);
  const std::vector<std::string> engines = settings.List("SRS_ENGINE_ADDRESSES");
  // A callback's bookkeeping is in Redis before the engine gets its answer, so an accepted
  // publish is never forgotten and a Redis outage is refused visibly; it goes through the
  // server's own loop, and callbacks that arrive together share one round trip.
  // The callbacks run on one event-loop thread (the fastest on a small machine, with Redis and
  // the engine on the other cores); routes that block run on HTTP_WORKERS threads of their own.
  http::ServerOptions server_options = daemon::ServerOptionsFor(settings, config::kHooksPort);
  util::WorkerPool blocking_handlers(server_options.worker_threads);
  async::EventLoop loop(1);
  server_options.loop = &loop;
  hooks::BookkeepingWriter bookkeeping(loop, settings.Redis());
  const hooks::VerifyApi verify(publish_secret, auth, engines, bookkeeping);

  const hooks::RecordingConfig recording = hooks::RecordingConfigFrom(settings);
  hooks::TencentAccount tencent(redis);
  const std::unique_ptr<hooks::Storage> dvr_storage = hooks::DvrStorageFrom(settings, tencent);
  hooks::DvrTarget dvr_target(*dvr_storage);
  hooks::Staging dvr_staging(recording.staging / "dvr", recording.staging_limit_bytes);
  hooks::Staging vod_staging(recording.staging / "vod", recording.staging_limit_bytes);
  hooks::Pipeline dvr(redis, hooks::kDvrKeys, dvr_staging, &dvr_target, recording.pipeline);
  hooks::SessionStore vod_sessions(redis, hooks::kVodKeys);
  hooks::VodTarget vod_target(redis, tencent, cloud::TencentEndpoints::FromSettings(settings),
                              vod_sessions, {});
  hooks::Pipeline vod(redis, hooks::kVodKeys, vod_staging, &vod_target, recording.pipeline);
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
  hooks::StreamReconciler reconciler(redis, *engine);
  std::unique_ptr<util::PeriodicWorker> reconcile;
  if (const int seconds = settings.Int("HOOKS_RECONCILE_SECONDS", 10); seconds > 0) {
    reconcile = std::make_unique<util::PeriodicWorker>(
        "streams", std::chrono::seconds(seconds), [&reconciler] {
          try {
            reconciler.Pass();
          } catch (const engine::EngineError& e) {
            spdlog::debug("streams: registry not checked: {}", e.what());  // no engine answers
          }
        });
  }

  http::Router router;
  router.RunBlockingOn(blocking_handlers);
  hooks::RegisterRoutes(router, verify);
  hooks::RegisterRecordingRoutes(router, hls, dvr_api, vod_api);
  hooks::RegisterStreamRoutes(router, streams);
  return daemon::ServeUntilStopped("hooks", router, server_options, [&] {
    reconcile.reset();
    watcher.reset();
    dvr.Stop();
    vod.Stop();
  });
}

}  // namespace

int main() { return sc::daemon::Main("hooks", Run); }
