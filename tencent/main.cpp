// srs-cloud-tencent: the Tencent Cloud key pair, COS bucket and VoD service setup
// (spec/tencent.md). Wiring only.
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/cloud/cos_client.hpp"
#include "common/cloud/tencent_api.hpp"
#include "common/daemon/daemon.hpp"
#include "tencent/routes.hpp"

namespace {

using namespace sc;

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);
  const cloud::TencentEndpoints endpoints = cloud::TencentEndpoints::FromSettings(settings);
  const cloud::TencentApi api(endpoints);
  const cloud::CosClient cos(endpoints);
  const tencent::CamApi cam(redis, auth, api, cos);
  if (!endpoints.api.empty() || !endpoints.cos.empty()) {
    spdlog::warn("tencent: Tencent Cloud calls go to {} (API) and {} (COS)",
                 endpoints.api.empty() ? "the real hosts" : endpoints.api,
                 endpoints.cos.empty() ? "the real hosts" : endpoints.cos);
  }

  http::Router router;
  tencent::RegisterRoutes(router, cam);
  return daemon::ServeUntilStopped("tencent", router,
                                   daemon::ServerOptionsFor(settings, config::kTencentPort));
}

}  // namespace

int main() { return sc::daemon::Main("tencent", Run); }
