#pragma once
#include "common/http/router.hpp"
#include "hooks/verify_api.hpp"

namespace sc::hooks {

// The routes of the hooks daemon built so far (spec/hooks.md §4.1-§4.4, port-decisions.md §2).
void RegisterRoutes(http::Router& router, const VerifyApi& verify);

}  // namespace sc::hooks
