#include "mgmt/prometheus_gate.hpp"

#include "common/http/api_error.hpp"
#include "common/http/envelope.hpp"
#include "common/util/text.hpp"

namespace sc::mgmt {
namespace {

// The token of "Authorization: Bearer <t>", else of the cookie; empty when neither.
std::string TokenOf(const http::Request& head) {
  if (const auto authorization = head.headers.Get("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (util::StartsWithIgnoreCase(*authorization, kBearer)) {
      return std::string(util::Trim(std::string_view(*authorization).substr(kBearer.size())));
    }
  }
  const std::string cookies = head.headers.Get("Cookie").value_or("");
  std::string_view rest = cookies;
  while (!rest.empty()) {
    const size_t end = rest.find(';');
    const std::string_view pair = util::Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == kPrometheusCookie) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return {};
}

}  // namespace

bool MayReadPrometheus(const http::Request& head, const auth::TokenAuth& auth) {
  const std::string token = TokenOf(head);
  if (token.empty()) return false;
  try {
    auth.Verify(token);
    return true;
  } catch (const http::ApiError&) {
    return false;
  }
}

http::Response PrometheusRefusal(const http::Request& head) {
  const bool without_token = TokenOf(head).empty();
  return http::Failure(http::Unauthorized(
      without_token ? http::ErrorCode::kSysEmpty : http::ErrorCode::kAuthToken,
      without_token ? "no token: log in to the dashboard, or send Authorization: Bearer <token>"
                    : "token invalid"));
}

}  // namespace sc::mgmt
