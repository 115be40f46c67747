#pragma once
#include <cstdint>
#include <memory>

#include "common/config/settings.hpp"
#include "hooks/hls_segment.hpp"
#include "hooks/pipeline.hpp"
#include "hooks/storage.hpp"
#include "hooks/tencent_account.hpp"

namespace sc::hooks {

// The recording settings, from .env and the environment (defaults under SRS_CLOUD_HOME):
//   SRS_HLS_DIR        the engine's HLS folder (containers/objs/nginx/html)
//   SRS_WORK_DIR       SRS's working directory, for its relative `file` paths (containers)
//   NGINX_HLS_DIR      nginx-rtmp's HLS folder, watched when set (see nginx_hls_watcher.hpp)
//   HOOKS_STAGING_DIR  staging folders dvr/ and vod/ (containers/data)
//   HOOKS_STAGING_MAX_MB   disk limit of each staging folder (2048)
//   DVR_STORAGE        "local" (default), "s3" or "cos" (Tencent COS: the keys, bucket and region
//                      the tencent daemon keeps in Redis; TENCENT_COS_ENDPOINT, TENCENT_TIMEOUT_MS)
//   DVR_LOCAL_DIR      local storage (containers/data/record)
//   S3_ENDPOINT, S3_BUCKET, S3_REGION (us-east-1), S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY,
//   S3_SESSION_TOKEN, S3_PATH_STYLE (true)
//   HOOKS_SESSION_IDLE_SECONDS (300; 30 with NODE_ENV=development), HOOKS_WORKER_POLL_MS (3000),
//   HOOKS_LEASE_MS (30000), HOOKS_UPLOAD_MAX_ATTEMPTS (10), HOOKS_RETRY_BASE_MS (2000),
//   HOOKS_RETRY_CAP_MS (300000)
struct RecordingConfig {
  HlsFolder srs_hls{};
  std::filesystem::path nginx_hls{};  // empty: no watcher
  std::filesystem::path staging{};
  std::uint64_t staging_limit_bytes = 0;
  PipelineOptions pipeline{};
};

RecordingConfig RecordingConfigFrom(const config::Settings& settings);

// The DVR storage DVR_STORAGE names; throws std::invalid_argument for an unknown one. `tencent`
// must outlive a COS storage.
std::unique_ptr<Storage> DvrStorageFrom(const config::Settings& settings, TencentAccount& tencent);

}  // namespace sc::hooks
