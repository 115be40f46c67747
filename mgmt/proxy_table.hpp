#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/config/settings.hpp"
#include "common/http/proxy.hpp"

namespace sc::mgmt {

// Where each upstream listens (port-decisions.md §3: every port configurable).
struct Upstreams {
  std::uint16_t hooks = 2021;
  std::uint16_t tencent = 2020;
  std::uint16_t ffmpeg = 2019;
  std::uint16_t releases = 2023;
  std::uint16_t platform = 2024;
  std::uint16_t prometheus = 9090;
  std::uint16_t engine_api = 1985;   // SRS HTTP API (/api/, /rtc/)
  std::uint16_t engine_http = 8080;  // the engine's HTTP server: streams, /console/, /players/

  static Upstreams FromSettings(const config::Settings& settings);
};

// The proxy rows of spec/mgmt.md §2, in order (rows 2-5, 9-16, plus /console/ and /players/ to
// the engine, port-decisions.md §2): the upstream for a request, or nothing when mgmt answers
// itself. Prefixes match case-insensitively, the path equal to the prefix or below it.
std::optional<http::ProxyTarget> ResolveProxy(const Upstreams& upstreams, const http::Request& head);

}  // namespace sc::mgmt
