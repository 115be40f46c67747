#include "hooks/engine_caller.hpp"

#include <algorithm>

#include "common/http/api_error.hpp"
#include "common/http/client_address.hpp"

namespace sc::hooks {

void RequireEngine(const http::Request& request, const std::vector<std::string>& engine_addresses) {
  const std::string caller = http::ClientAddress(request);
  if (http::IsLoopback(caller) ||
      std::find(engine_addresses.begin(), engine_addresses.end(), caller) != engine_addresses.end()) {
    return;
  }
  throw http::ApiError(http::ErrorCode::kSrsVerify, 403,
                       "callback from " + caller + " refused: not the media engine");
}

}  // namespace sc::hooks
