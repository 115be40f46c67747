#include "platform/routes.hpp"

#include "common/http/static_files.hpp"

namespace sc::platform {

void RegisterRoutes(http::Router& router, const Apis& apis) {
  using R = const http::Request&;
  const AuthApi& auth = apis.auth;
  const SystemApi& sys = apis.system;
  const SettingsApi& set = apis.settings;
  const UiFiles& ui = apis.ui;
  const std::string api = "/terraform/v1/mgmt/";

  router.Prefix("/mgmt", [&ui](R r) { return ui.Ui(r); }, /*any_method=*/true)
      .Prefix("/.well-known/acme-challenge", [&ui](R r) { return ui.AcmeChallenge(r); })
      .AnyRaw("/", [](R) { return http::Redirect("/mgmt/"); })
      .AnyRaw("/index.html", [](R) { return http::Redirect("/mgmt/"); })
      .Any(api + "versions", [&auth](R r) { return auth.Versions(r); })
      .Any(api + "init", [&auth](R r) { return auth.Init(r); })
      .Any(api + "check", [&auth](R r) { return auth.Check(r); })
      .Any(api + "token", [&auth](R r) { return auth.Token(r); })
      .Any(api + "login", [&auth](R r) { return auth.Login(r); })
      .Any(api + "status", [&sys](R r) { return sys.Status(r); })
      .Any(api + "upgrade", [&sys](R r) { return sys.Upgrade(r); })
      .Any(api + "strategy", [&sys](R r) { return sys.Strategy(r); })
      .Any(api + "ssl", [&set](R r) { return set.Ssl(r); })
      .Any(api + "letsencrypt", [&set](R r) { return set.LetsEncrypt(r); })
      .Any(api + "pubkey", [&set](R r) { return set.Pubkey(r); })
      .Any(api + "containers", [&set](R r) { return set.Containers(r); })
      .Any(api + "bilibili", [&set](R r) { return set.Bilibili(r); })
      .Any(api + "beian/query", [&set](R r) { return set.BeianQuery(r); })
      .Any(api + "beian/update", [&set](R r) { return set.BeianUpdate(r); })
      .Any(api + "window/query", [&sys](R r) { return sys.WindowQuery(r); })
      .Any(api + "window/update", [&sys](R r) { return sys.WindowUpdate(r); })
      .Any(api + "secret/query", [&auth](R r) { return auth.SecretQuery(r); })
      .Any(api + "secret/token", [&auth](R r) { return auth.SecretToken(r); });
}

}  // namespace sc::platform
