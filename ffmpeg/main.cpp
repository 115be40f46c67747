// srs-cloud-ffmpeg: forwarding live streams to other platforms (spec/ffmpeg.md). Wiring only.
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/daemon/daemon.hpp"
#include "ffmpeg/routes.hpp"
#include "ffmpeg/worker_settings.hpp"

namespace {

using namespace sc;

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);
  const ffmpeg::WorkerOptions options = ffmpeg::WorkerOptionsFrom(settings);
  ffmpeg::ForwardWorker worker(redis, options);
  const ffmpeg::ForwardApi api(redis, auth, [&worker] { worker.Wake(); });

  http::Router router;
  ffmpeg::RegisterRoutes(router, api);
  spdlog::info("ffmpeg: pulling from rtmp://{}:{}, binary {}", options.source.host,
               options.source.port, options.ffmpeg);
  return daemon::ServeUntilStopped("ffmpeg", router,
                                   daemon::ServerOptionsFor(settings, config::kFfmpegPort),
                                   [&worker] { worker.Stop(); });
}

}  // namespace

int main() { return sc::daemon::Main("ffmpeg", Run); }
