// srs-cloud-releases: the version API (spec/releases.md). Wiring only.
#include "common/daemon/daemon.hpp"
#include "releases/routes.hpp"
#include "sc/version.hpp"

namespace {

int Run(sc::config::Settings& settings) {
  const std::string own = std::string("v") + sc::kVersion;
  sc::releases::ArtifactStore artifacts(settings.Get("RELEASES_DIR"));
  const sc::releases::ReleasesApi api({.stable = settings.Get("RELEASES_STABLE", own),
                                       .latest = settings.Get("RELEASES_LATEST", own)},
                                      artifacts);
  const std::string stage = settings.Get("STAGE", "local");
  sc::http::Router router;
  sc::releases::RegisterRoutes(router, api, stage);

  sc::http::ServerOptions options = sc::daemon::ServerOptionsFor(settings, sc::config::kReleasesPort);
  // The central deployment of the original sets PORT (spec/releases.md §1).
  if (!settings.Has("RELEASES_PORT") && settings.Has("PORT")) {
    options.port = settings.Port({"PORT", options.port});
  }
  spdlog::info("releases: stage {}, stable {}", stage, settings.Get("RELEASES_STABLE", own));
  return sc::daemon::ServeUntilStopped("releases", router, options);
}

}  // namespace

int main() { return sc::daemon::Main("releases", Run); }
