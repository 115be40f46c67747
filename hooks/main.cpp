// srs-cloud-hooks: the media engine's callbacks and the publish secret (spec/hooks.md). Wiring
// only.
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/daemon/daemon.hpp"
#include "hooks/routes.hpp"

namespace {

using namespace sc;

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  hooks::PublishSecret publish_secret(redis);
  publish_secret.Ensure();  // before serving: no publish is ever checked against nothing
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);
  const hooks::VerifyApi verify(redis, publish_secret, auth,
                                settings.List("SRS_ENGINE_ADDRESSES"));

  http::Router router;
  hooks::RegisterRoutes(router, verify);
  return daemon::ServeUntilStopped("hooks", router,
                                   daemon::ServerOptionsFor(settings, config::kHooksPort));
}

}  // namespace

int main() { return sc::daemon::Main("hooks", Run); }
