#pragma once
#include <string_view>

#include "common/auth/token_auth.hpp"
#include "common/http/message.hpp"

namespace sc::mgmt {

// The cookie the dashboard sets (Path=/prometheus) so that the Prometheus link it shows opens
// without another login; API calls send the same token as "Authorization: Bearer <token>".
inline constexpr std::string_view kPrometheusCookie = "srs_cloud_token";

// Whether `head` may reach Prometheus at /prometheus: it carries a valid admin token, as a
// bearer token or in the dashboard's cookie. The original left /prometheus open to everyone.
bool MayReadPrometheus(const http::Request& head, const auth::TokenAuth& auth);

// The answer when it may not: 401 in the envelope (2001, or 1000 without any token).
http::Response PrometheusRefusal(const http::Request& head);

}  // namespace sc::mgmt
