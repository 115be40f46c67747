#pragma once
#include "common/auth/token_auth.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "hooks/pipeline.hpp"

namespace sc::hooks {

// The dvr/* and vod/* routes (spec/hooks.md §4.7, §4.8) for one pipeline.
class RecordApi {
 public:
  RecordApi(redis::Client& redis, const auth::TokenAuth& auth, Pipeline& pipeline);

  // {token, all}: `all` must be a JSON boolean (1004/422 "invalid all=<all>").
  Json Apply(const http::Request& request) const;
  // {token} -> {all, secret, backlog}. `secret`: DVR, whether its storage is configured; VoD,
  // whether Tencent keys exist (SRS_TENCENT_CAM), as the original. `backlog` (the port's
  // addition): staged segments and bytes waiting, the limit, refused and parked segments.
  Json Query(const http::Request& request) const;
  // {token} -> one item per session of METADATA, every HSCAN page (the original read only the
  // first 100), newest first.
  Json Files(const http::Request& request) const;
  // GET <name>/hls/<uuid>.m3u8: no token (players). Sessions stored by the port (local, s3) get
  // "<uuid>/<tsid>.ts" URIs served by Segment; the original's COS sessions absolute COS URLs.
  http::Response Playlist(const http::Request& request) const;
  // GET <name>/hls/<uuid>/<file>: a stored segment or index.m3u8, from disk or by a redirect
  // (presigned for S3). Plain 404 when unknown.
  http::Response Segment(const http::Request& request) const;

 private:
  std::string name() const { return std::string(pipeline_.keys().name); }

  redis::Client& redis_;
  const auth::TokenAuth& auth_;
  Pipeline& pipeline_;
};

}  // namespace sc::hooks
