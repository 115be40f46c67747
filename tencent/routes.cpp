#include "tencent/routes.hpp"

namespace sc::tencent {

void RegisterRoutes(http::Router& router, const CamApi& cam) {
  using R = const http::Request&;
  const std::string api = "/terraform/v1/tencent/";
  router.Any(api + "versions", [&cam](R r) { return cam.Versions(r); })
      .Any(api + "cam/secret", [&cam](R r) { return cam.Secret(r); });
}

}  // namespace sc::tencent
