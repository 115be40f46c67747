#pragma once
#include <string>
#include <string_view>

#include "common/http/message.hpp"

namespace sc::http {

// 127.0.0.0/8, ::1 and their IPv4-mapped forms.
bool IsLoopback(std::string_view address);

// The client's address: the TCP peer, or, when the peer is a loopback proxy (nginx, mgmt), the
// last non-loopback entry of X-Forwarded-For (the one our own proxy added).
std::string ClientAddress(const Request& request);

}  // namespace sc::http
