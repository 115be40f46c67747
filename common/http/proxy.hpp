#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/http/message.hpp"

namespace sc::http {

// Where the server relays a request instead of answering it (mgmt's reverse proxy, spec/mgmt.md
// §2). Decided from the request head alone, before any body byte is read, so that bodies and
// answers of any size stream through with constant memory.
struct ProxyTarget {
  std::string host = "127.0.0.1";  // an IP literal: upstreams are local daemons and engines
  std::uint16_t port = 0;
  std::string target{};            // path and query sent upstream
  bool api = false;                // failures answer in the {code,data} envelope, else empty
  std::string route{};             // the table entry, for logs and metrics
};

// Returns the target for a request head (no body yet), or nothing to let the Router answer.
using ProxyResolver = std::function<std::optional<ProxyTarget>(const Request& head)>;

struct ProxyTimeouts {
  std::chrono::milliseconds connect{3'000};     // refused -> 503, no answer in time -> 504
  std::chrono::milliseconds response{120'000};  // until the upstream's response header -> 504
  std::chrono::milliseconds idle{300'000};      // silence in either direction while streaming
};

}  // namespace sc::http
