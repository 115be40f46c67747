#include "common/http/client_address.hpp"

#include "common/util/text.hpp"

namespace sc::http {
bool IsLoopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

std::string ClientAddress(const Request& request) {
  if (!IsLoopback(request.remote_address)) return request.remote_address;
  const auto forwarded = request.headers.Get("X-Forwarded-For");
  if (!forwarded) return request.remote_address;
  std::string_view rest = *forwarded;
  std::string chosen = request.remote_address;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view entry = util::Trim(rest.substr(0, comma));
    if (!entry.empty() && !IsLoopback(entry)) chosen = std::string(entry);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return chosen;
}

}  // namespace sc::http
