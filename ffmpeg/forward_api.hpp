#pragma once
#include <functional>

#include "common/auth/token_auth.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"

namespace sc::ffmpeg {

// Handlers of ffmpeg/index.js (spec/ffmpeg.md §3). Reads and writes Redis only; the forward
// worker acts on the changes (`changed` wakes it), so no handler ever signals a process.
class ForwardApi {
 public:
  ForwardApi(redis::Client& redis, const auth::TokenAuth& auth, std::function<void()> changed);

  // /terraform/v1/ffmpeg/versions, no auth: {version}.
  Json Versions(const http::Request& request) const;
  // /terraform/v1/ffmpeg/forward/secret: without `action` every target by platform; with
  // action "update" stores one target, with "delete" removes a custom one. ApiError 422 for
  // a bad body (the original answered 404, §3.2 note).
  Json Secret(const http::Request& request) const;
  // /terraform/v1/ffmpeg/forward/streams: [{platform, enabled[, stream], frame}] (§3.3).
  Json Streams(const http::Request& request) const;

 private:
  Json Query() const;
  void Update(const Json& body) const;
  void Delete(const Json& body) const;

  redis::Client& redis_;
  const auth::TokenAuth& auth_;
  const std::function<void()> changed_;
};

}  // namespace sc::ffmpeg
