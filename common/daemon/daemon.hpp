#pragma once
#include <functional>
#include <string_view>

#include "common/config/settings.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"

namespace sc::daemon {

// The frame of every daemon's main(): blocks SIGINT/SIGTERM in all threads (they are waited for
// with WaitForStopSignal), ignores SIGPIPE, loads Settings from $SRS_CLOUD_HOME/.env and the
// environment, starts logging (LOG_LEVEL), then runs `run`. An exception escaping `run` is
// logged as critical and gives exit status 1 (startup is fail-fast).
int Main(std::string_view name, const std::function<int(config::Settings&)>& run);

// Blocks until SIGINT or SIGTERM arrives; returns its number.
int WaitForStopSignal();

// Serves `router`, plus GET /metrics, with `options` until SIGINT or SIGTERM; then runs
// `before_drain` (e.g. stopping background threads) and drains the server. Throws if it cannot
// listen. Returns the exit status, 0.
int ServeUntilStopped(std::string_view name, http::Router& router, http::ServerOptions options,
                      const std::function<void()>& before_drain = {});

// Server options for a daemon: LISTEN_ADDRESS, the port of `port`, HTTP_WORKERS threads
// (default 4) and ACCESS_LOG (default true).
http::ServerOptions ServerOptionsFor(const config::Settings& settings,
                                     const config::PortSetting& port);

}  // namespace sc::daemon
