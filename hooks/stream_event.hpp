#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace sc::hooks {

// One engine callback, whichever dialect it came in (spec/hooks.md §4.2, port-decisions.md §2).
struct StreamEvent {
  std::string action{};  // SRS names: on_connect, on_publish, on_unpublish, on_play, on_stop...
  std::string vhost{};
  std::string app{};
  std::string stream{};
  std::string param{};   // the query as the engine gave it, for logs
  std::string server{};  // SRS server_id; empty for nginx-rtmp
  std::string client{};
  std::optional<std::string> secret{};  // what the client sent as `secret`
  bool srt = false;
  bool rtc = false;
};

// An SRS 5 (or 4) JSON callback body. Throws ApiError 422 when a field has the wrong type.
StreamEvent FromSrs(const Json& body);

// An nginx-rtmp notify form (`call` publish, publish_done, play, play_done, ...): the query args
// of the stream URL arrive as form fields of their own.
StreamEvent FromNginx(const Json& form);

// The value of `secret` in an SRS param: "?secret=x&..." (RTMP, HTTP) or "secret=x" (SRT).
std::optional<std::string> SecretOf(std::string_view param);

// spec/common.md §10.1: "app/stream", or "vhost/app/stream" outside the default vhost; empty
// when any part is missing (nothing is recorded then).
std::string StreamUrl(const StreamEvent& event);

// The JSON text kept in SRS_STREAM_ACTIVE: {vhost, app, stream, server, client}, without the ids
// the engine did not send; as Stringify would write it.
std::string ActiveStreamRecord(const StreamEvent& event);

}  // namespace sc::hooks
