#include "hooks/routes.hpp"

namespace sc::hooks {

void RegisterRoutes(http::Router& router, const VerifyApi& verify) {
  using R = const http::Request&;
  const std::string api = "/terraform/v1/hooks/";
  router.Any(api + "versions", [&verify](R r) { return verify.Versions(r); })
      .Any(api + "srs/verify", [&verify](R r) { return verify.SrsVerify(r); })
      .AnyRaw(api + "nginx/verify", [&verify](R r) { return verify.NginxVerify(r); })
      .Any(api + "srs/secret/query", [&verify](R r) { return verify.SecretQuery(r); })
      .Any(api + "srs/secret", [&verify](R r) { return verify.SecretQuery(r); })  // legacy alias
      .Any(api + "srs/secret/update", [&verify](R r) { return verify.SecretUpdate(r); });
}

}  // namespace sc::hooks
