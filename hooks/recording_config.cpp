#include "hooks/recording_config.hpp"

#include "hooks/cos_storage.hpp"
#include "hooks/local_storage.hpp"
#include "hooks/s3_storage.hpp"

namespace sc::hooks {
namespace {

std::filesystem::path PathSetting(const config::Settings& settings, std::string_view name,
                                  const std::filesystem::path& fallback) {
  const std::string value = settings.Get(name);
  return value.empty() ? fallback : std::filesystem::path(value);
}

}  // namespace

RecordingConfig RecordingConfigFrom(const config::Settings& settings) {
  const std::filesystem::path containers = settings.home() / "containers";
  RecordingConfig config;
  config.srs_hls.root = PathSetting(settings, "SRS_HLS_DIR", containers / "objs" / "nginx" / "html");
  config.srs_hls.engine_dir = PathSetting(settings, "SRS_WORK_DIR", containers);
  config.nginx_hls = PathSetting(settings, "NGINX_HLS_DIR", {});
  config.staging = PathSetting(settings, "HOOKS_STAGING_DIR", containers / "data");
  config.staging_limit_bytes =
      static_cast<std::uint64_t>(settings.Int("HOOKS_STAGING_MAX_MB", 2048)) * 1024 * 1024;
  const bool development = settings.Get("NODE_ENV") == "development";
  config.pipeline.session_idle =
      std::chrono::seconds(settings.Int("HOOKS_SESSION_IDLE_SECONDS", development ? 30 : 300));
  config.pipeline.poll = std::chrono::milliseconds(settings.Int("HOOKS_WORKER_POLL_MS", 3000));
  config.pipeline.lease = std::chrono::milliseconds(settings.Int("HOOKS_LEASE_MS", 30'000));
  config.pipeline.max_attempts = settings.Int("HOOKS_UPLOAD_MAX_ATTEMPTS", 10);
  config.pipeline.retry_base = std::chrono::milliseconds(settings.Int("HOOKS_RETRY_BASE_MS", 2000));
  config.pipeline.retry_cap = std::chrono::milliseconds(settings.Int("HOOKS_RETRY_CAP_MS", 300'000));
  return config;
}

std::unique_ptr<Storage> DvrStorageFrom(const config::Settings& settings, TencentAccount& tencent) {
  const std::string kind = settings.Get("DVR_STORAGE", "local");
  if (kind == "local") {
    return std::make_unique<LocalStorage>(
        PathSetting(settings, "DVR_LOCAL_DIR", settings.home() / "containers" / "data" / "record"));
  }
  if (kind == "s3") {
    return std::make_unique<S3Storage>(S3Options{
        .endpoint = settings.Get("S3_ENDPOINT"),
        .bucket = settings.Get("S3_BUCKET"),
        .region = settings.Get("S3_REGION", "us-east-1"),
        .credentials = {.access_key_id = settings.Get("S3_ACCESS_KEY_ID"),
                        .secret_access_key = settings.Get("S3_SECRET_ACCESS_KEY"),
                        .session_token = settings.Get("S3_SESSION_TOKEN")},
        .path_style = settings.Bool("S3_PATH_STYLE", true)});
  }
  if (kind == "cos") {
    return std::make_unique<CosStorage>(cloud::TencentEndpoints::FromSettings(settings),
                                        [&tencent] { return tencent.Current(); });
  }
  throw std::invalid_argument("DVR_STORAGE must be local, s3 or cos, not " + kind);
}

}  // namespace sc::hooks
