#pragma once
#include "common/auth/token_auth.hpp"
#include "common/engine/live_streams.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"

namespace sc::hooks {

// The live streams of the media engine for the dashboard, whichever engine runs (the UI reads
// SRS's own API when SRS answers, and this route otherwise; README "What the dashboard expects").
class StreamsApi {
 public:
  StreamsApi(const auth::TokenAuth& auth, const engine::EngineQuery& engine);

  // {token} -> {streams: [{vhost, app, stream, protocol, publishedAt, viewers, clients}]}
  Json Query(const http::Request& request) const;
  // {token, app, stream, client} -> nothing; 404 when the engine knows no such client.
  Json Kick(const http::Request& request) const;

 private:
  const auth::TokenAuth& auth_;
  const engine::EngineQuery& engine_;
};

}  // namespace sc::hooks
