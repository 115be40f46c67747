#pragma once
#include <string>

#include "common/http/router.hpp"
#include "releases/releases_api.hpp"

namespace sc::releases {

// The whole API of the releases daemon, reachable at its plain path and under "/<stage>"
// (spec/releases.md §2: the router is mounted a second time under the STAGE prefix).
void RegisterRoutes(http::Router& router, const ReleasesApi& api, const std::string& stage);

}  // namespace sc::releases
