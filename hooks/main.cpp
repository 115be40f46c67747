// srs-cloud-hooks: the media engine's callbacks and the publish secret (spec/hooks.md). Wiring
// only.
#include <sstream>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/daemon/daemon.hpp"
#include "common/http/metrics.hpp"
#include "common/http/server.hpp"
#include "hooks/routes.hpp"
#include "sc/version.hpp"

namespace {

using namespace sc;

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  hooks::PublishSecret publish_secret(redis);
  publish_secret.Ensure();  // before serving: no publish is ever checked against nothing
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);
  const hooks::VerifyApi verify(redis, publish_secret, auth,
                                SplitList(settings.Get("SRS_ENGINE_ADDRESSES")));

  http::Metrics metrics("hooks");
  http::Router router;
  hooks::RegisterRoutes(router, verify);
  http::AddMetricsRoute(router, [&metrics] { return metrics.Render(); });
  http::ServerOptions options = daemon::ServerOptionsFor(settings, config::kHooksPort);
  options.metrics = &metrics;
  http::Server server(router, options);
  const auto port = server.Start();
  spdlog::info("hooks {} listening on {}:{}", kVersion, options.address, port);
  const int signal = daemon::WaitForStopSignal();
  spdlog::info("signal {}, stopping", signal);
  server.Stop();
  return 0;
}

}  // namespace

int main() { return sc::daemon::Main("hooks", Run); }
