#pragma once
#include "common/http/router.hpp"
#include "hooks/hls_api.hpp"
#include "hooks/record_api.hpp"
#include "hooks/streams_api.hpp"
#include "hooks/verify_api.hpp"

namespace sc::hooks {

// Stream verification and the publish secret (spec/hooks.md §4.1-§4.5, port-decisions.md §2).
void RegisterRoutes(http::Router& router, const VerifyApi& verify);

// Segment intake and the recording routes (§4.6-§4.8).
void RegisterRecordingRoutes(http::Router& router, const HlsApi& hls, const RecordApi& dvr,
                             const RecordApi& vod);

// The engine's live streams for the dashboard, and kicking a client.
void RegisterStreamRoutes(http::Router& router, const StreamsApi& streams);

}  // namespace sc::hooks
