#pragma once
#include "common/http/router.hpp"
#include "ffmpeg/forward_api.hpp"

namespace sc::ffmpeg {

// The whole API of the ffmpeg daemon (spec/ffmpeg.md §3), in ffmpeg/index.js order.
void RegisterRoutes(http::Router& router, const ForwardApi& api);

}  // namespace sc::ffmpeg
