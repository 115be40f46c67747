#pragma once
#include <optional>
#include <string>

#include "common/http/message.hpp"

namespace sc::releases {

// filterVersion (spec/releases.md §3.3): the client's version, or "v0.0.0"; a "v" is put in
// front unless it starts with a lowercase "v"; ".0.0" is appended when it has no dot.
std::string FilterVersion(const std::optional<std::string>& version);

// The client address (§3.4): query "clientip", else X-Forwarded-For up to the first comma,
// else X-Real-IP, else the TCP peer. Only echoed and logged, never trusted for anything.
std::string ClientIp(const http::Request& request);

}  // namespace sc::releases
