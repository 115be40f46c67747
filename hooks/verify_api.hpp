#pragma once
#include <string>
#include <vector>

#include "common/auth/token_auth.hpp"
#include "common/http/completion.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/log/line_budget.hpp"
#include "hooks/bookkeeping_writer.hpp"
#include "hooks/publish_secret.hpp"
#include "hooks/stream_event.hpp"

namespace sc::hooks {

// Stream authentication and bookkeeping (spec/hooks.md §4.1-§4.5) for both engine dialects,
// and the publish-secret routes.
class VerifyApi {
 public:
  // `engine_addresses`: callers besides loopback allowed to send callbacks (SRS_ENGINE_ADDRESSES).
  // `writer` writes the bookkeeping before the answer, so an accepted publish is never
  // forgotten and a Redis outage is refused visibly.
  VerifyApi(PublishSecret& secret, const auth::TokenAuth& auth,
            std::vector<std::string> engine_addresses, BookkeepingWriter& writer);

  Json Versions(const http::Request& request) const;
  // SRS: {"code":0} to allow (the only answers SRS accepts are 200/201 with code 0); a publish
  // without the secret gets 401 {"code":3000,...}, which SRS rejects. Answers once the
  // bookkeeping is written.
  void SrsVerify(const http::Request& request, http::Completion done) const;
  // nginx-rtmp: 200 to allow, 403 to reject (it reads only the status).
  void NginxVerify(const http::Request& request, http::Completion done) const;
  Json SecretQuery(const http::Request& request) const;
  Json SecretUpdate(const http::Request& request) const;

 private:
  // ApiError 403/3000 unless the call comes from the engine (port-decisions.md §4).
  void RequireEngine(const http::Request& request) const;
  // The publish check, then SRS_STREAM_* and SRS_STAT_COUNTER bookkeeping; `written` gets the
  // outcome, a refusal (ApiError 401/3000) included.
  void Apply(const StreamEvent& event, BookkeepingWriter::Written written) const;

  PublishSecret& secret_;
  const auth::TokenAuth& auth_;
  const std::vector<std::string> engine_addresses_;
  BookkeepingWriter& writer_;
  // A refused publish is logged as a warning, but not thousands a second when a client retries
  // a wrong secret in a loop: the rest are counted and the count logged with the next line.
  mutable log::LineBudget refusal_log_{10, std::chrono::seconds(1)};
};

}  // namespace sc::hooks
