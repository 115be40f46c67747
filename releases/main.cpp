// srs-cloud-releases: the version API (spec/releases.md). Wiring only.
#include "common/daemon/daemon.hpp"
#include "common/http/metrics.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "releases/routes.hpp"
#include "sc/version.hpp"

namespace {

int Run(sc::config::Settings& settings) {
  const std::string own = std::string("v") + sc::kVersion;
  sc::releases::ArtifactStore artifacts(settings.Get("RELEASES_DIR"));
  const sc::releases::ReleasesApi api({.stable = settings.Get("RELEASES_STABLE", own),
                                       .latest = settings.Get("RELEASES_LATEST", own)},
                                      artifacts);
  sc::http::Metrics metrics("releases");
  sc::http::Router router;
  sc::releases::RegisterRoutes(router, api, settings.Get("STAGE", "local"));
  sc::http::AddMetricsRoute(router, [&metrics] { return metrics.Render(); });

  sc::http::ServerOptions options = sc::daemon::ServerOptionsFor(settings, sc::config::kReleasesPort);
  // The central deployment of the original sets PORT (spec/releases.md §1).
  if (!settings.Has("RELEASES_PORT") && settings.Has("PORT")) {
    options.port = settings.Port({"PORT", options.port});
  }
  options.metrics = &metrics;
  sc::http::Server server(router, options);
  const auto port = server.Start();
  spdlog::info("releases {} listening on {}:{}, stage={}", sc::kVersion, options.address, port,
               settings.Get("STAGE", "local"));
  const int signal = sc::daemon::WaitForStopSignal();
  spdlog::info("signal {}, stopping", signal);
  server.Stop();
  return 0;
}

}  // namespace

int main() { return sc::daemon::Main("releases", Run); }
