#pragma once
#include <string>
#include <vector>

#include "common/http/message.hpp"

namespace sc::hooks {

// ApiError 403/3000 unless the request comes from the media engine: loopback, or one of
// `engine_addresses` (SRS_ENGINE_ADDRESSES), seen through our own proxies (port-decisions.md §4).
void RequireEngine(const http::Request& request, const std::vector<std::string>& engine_addresses);

}  // namespace sc::hooks
