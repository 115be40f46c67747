#pragma once
#include "common/config/settings.hpp"
#include "ffmpeg/forward_worker.hpp"

namespace sc::ffmpeg {

// The forward worker's configuration (see ffmpeg/README-section.md):
// SRS_RTMP_HOST (127.0.0.1) and SRS_RTMP_PORT (1935): where FFmpeg pulls the live streams;
// FFMPEG_BINARY (ffmpeg, from PATH); FORWARD_PERIOD_MS (1000);
// FORWARD_NO_PROGRESS_SECONDS (30, or 9 with NODE_ENV=development, spec/ffmpeg.md §6.5);
// FORWARD_STARTUP_SECONDS (as FORWARD_NO_PROGRESS_SECONDS); FORWARD_BACKOFF_INITIAL_MS (1000);
// FORWARD_BACKOFF_MAX_MS (60000). Throws std::invalid_argument for a malformed value.
WorkerOptions WorkerOptionsFrom(const config::Settings& settings);

}  // namespace sc::ffmpeg
