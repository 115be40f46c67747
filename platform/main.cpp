// srs-cloud-platform: the /terraform/v1/mgmt/* API, the dashboard files and the background
// threads (spec/platform.md). Wiring only.
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/cloud/cos_bucket_setup.hpp"
#include "common/cloud/vod_service_setup.hpp"
#include "common/daemon/daemon.hpp"
#include "platform/housekeeping.hpp"
#include "platform/routes.hpp"

namespace {

using namespace sc;

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  auth::ApiSecret secret(redis, settings);
  try {
    secret.Ensure();
  } catch (const std::exception& e) {
    spdlog::warn("api secret not ready yet: {}", e.what());  // Redis may start after us
  }
  const auth::TokenAuth auth(secret, settings);
  const platform::MgmtClient mgmt(
      settings.Get("MGMT_URL", "http://127.0.0.1:" + std::to_string(settings.Port(config::kMgmtPort))),
      auth);
  platform::ReleaseQuery releases(redis, mgmt, settings);
  platform::LoginLimiter limiter(settings.Int("LOGIN_MAX_FAILURES", 5),
                                 std::chrono::seconds(settings.Int("LOGIN_FAILURE_WINDOW", 60)));
  const platform::AuthApi auth_api(redis, settings, secret, auth, mgmt, limiter);
  const platform::SystemApi system_api(redis, auth, mgmt, releases);
  const platform::SettingsApi settings_api(
      redis, auth, mgmt,
      {.base_url = settings.Get("BILIBILI_API", "https://api.bilibili.com"),
       .cache_ttl = std::chrono::seconds(settings.Int("BILIBILI_CACHE_SECONDS", 3 * 3600))});
  const platform::UiFiles ui(settings.Get("UI_DIR", "ui/dist"),
                             settings.home() / "containers/www/.well-known/acme-challenge",
                             settings.Get("REACT_APP_LOCALE", ""));

  http::Router router;
  platform::RegisterRoutes(router, {auth_api, system_api, settings_api, ui});

  const cloud::TencentEndpoints endpoints = cloud::TencentEndpoints::FromSettings(settings);
  const cloud::TencentApi tencent_api(endpoints);
  const cloud::CosClient cos(endpoints);
  platform::Housekeeping housekeeping(
      redis, secret, mgmt, releases, settings, [&](const std::string& region) {
        cloud::EnsureCosBucket(redis, cos, region);
        cloud::EnsureVodService(redis, tencent_api, region);
      });
  std::optional<platform::Workers> workers;
  if (settings.Bool("PLATFORM_WORKERS", true)) {
    workers.emplace(housekeeping, platform::WorkerPeriodsFrom(settings), settings.Bool("USE_DOCKER", true));
  }
  return daemon::ServeUntilStopped("platform", router,
                                   daemon::ServerOptionsFor(settings, config::kPlatformPort),
                                   [&workers] { workers.reset(); });
}

}  // namespace

int main() { return sc::daemon::Main("platform", Run); }
