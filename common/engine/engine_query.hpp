#pragma once
#include <memory>

#include "common/config/settings.hpp"
#include "common/engine/live_streams.hpp"

namespace sc::engine {

// The engine query for this machine: MEDIA_ENGINE=srs asks SRS's API (SRS_API_PORT),
// nginx-rtmp asks nginx's stat and control locations (SRS_HTTP_PORT), and auto (the default)
// asks SRS first and nginx-rtmp when SRS does not answer (mgmt's own auto choice, services.cpp).
// Throws std::invalid_argument for another MEDIA_ENGINE.
std::unique_ptr<EngineQuery> EngineQueryFor(const config::Settings& settings);

}  // namespace sc::engine
