#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/http/client.hpp"

namespace sc::test {

// One request to 127.0.0.1:port through the project's real HTTP client (libcurl).
http::ClientResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body = "",
                           std::vector<std::pair<std::string, std::string>> headers = {});

// POST with Content-Type: application/json.
http::ClientResponse PostJson(std::uint16_t port, const std::string& target, const std::string& body);

}  // namespace sc::test
