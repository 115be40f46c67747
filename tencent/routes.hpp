#pragma once
#include "common/http/router.hpp"
#include "tencent/cam_api.hpp"

namespace sc::tencent {

// The whole API of the tencent daemon (spec/tencent.md §2), in tencent/index.js order.
void RegisterRoutes(http::Router& router, const CamApi& cam);

}  // namespace sc::tencent
