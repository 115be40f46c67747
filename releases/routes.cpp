#include "releases/routes.hpp"

namespace sc::releases {

void RegisterRoutes(http::Router& router, const ReleasesApi& api, const std::string& stage) {
  using R = const http::Request&;
  for (const std::string& prefix : {std::string(), "/" + stage}) {
    router.AnyRaw(prefix + "/terraform/v1/releases", [&api](R r) { return api.Releases(r); })
        .Any(prefix + "/terraform/v1/releases/versions", [&api](R r) { return api.Versions(r); })
        .AnyRaw(prefix + "/terraform/v1/releases/artifacts/:name",
                [&api](R r) { return api.Artifact(r); });
  }
}

}  // namespace sc::releases
