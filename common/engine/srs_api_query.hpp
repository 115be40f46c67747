#pragma once
#include <string>

#include "common/engine/live_streams.hpp"
#include "common/json.hpp"

namespace sc::engine {

// The live streams of SRS's HTTP API answers (GET /api/v1/streams/ and /api/v1/clients/, as in
// ../fixtures/srs5-api): only streams with an active publisher. Throws EngineError.
std::vector<LiveStream> StreamsFromSrsApi(const Json& streams, const Json& clients);

// SRS 5 through its HTTP API at `api_url` (e.g. http://127.0.0.1:1985).
class SrsApiQuery : public EngineQuery {
 public:
  explicit SrsApiQuery(std::string api_url);

  std::string kind() const override { return "srs"; }
  std::vector<LiveStream> Streams() const override;
  // DELETE /api/v1/clients/<id>; SRS ignores app and stream.
  bool Kick(const std::string& app, const std::string& stream,
            const std::string& client_id) const override;

 private:
  Json Get(const std::string& path) const;

  const std::string api_url_;
};

}  // namespace sc::engine
