#include "ffmpeg/worker_settings.hpp"

namespace sc::ffmpeg {
namespace {

std::chrono::milliseconds Positive(const config::Settings& settings, std::string_view name,
                                   int fallback, int unit_ms) {
  const int value = settings.Int(name, fallback);
  if (value <= 0) throw std::invalid_argument(std::string(name) + " must be a positive number");
  return std::chrono::milliseconds(static_cast<long long>(value) * unit_ms);
}

}  // namespace

WorkerOptions WorkerOptionsFrom(const config::Settings& settings) {
  WorkerOptions options;
  options.source = {.host = settings.Get("SRS_RTMP_HOST", "127.0.0.1"),
                    .port = settings.Port(config::kSrsRtmpPort)};
  options.ffmpeg = settings.Get("FFMPEG_BINARY", "ffmpeg");
  options.period = Positive(settings, "FORWARD_PERIOD_MS", 1000, 1);
  const int no_progress = settings.Get("NODE_ENV") == "development" ? 9 : 30;
  options.task.no_progress_timeout =
      Positive(settings, "FORWARD_NO_PROGRESS_SECONDS", no_progress, 1000);
  options.task.startup_timeout =
      Positive(settings, "FORWARD_STARTUP_SECONDS",
               static_cast<int>(options.task.no_progress_timeout.count() / 1000), 1000);
  options.task.backoff.initial = Positive(settings, "FORWARD_BACKOFF_INITIAL_MS", 1000, 1);
  options.task.backoff.max = Positive(settings, "FORWARD_BACKOFF_MAX_MS", 60000, 1);
  if (options.task.backoff.max < options.task.backoff.initial) {
    throw std::invalid_argument(
        "FORWARD_BACKOFF_MAX_MS must not be below FORWARD_BACKOFF_INITIAL_MS");
  }
  return options;
}

}  // namespace sc::ffmpeg
