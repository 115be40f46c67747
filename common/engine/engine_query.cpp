#include "common/engine/engine_query.hpp"

#include <stdexcept>
#include <type_traits>

#include "common/engine/nginx_rtmp_query.hpp"
#include "common/engine/srs_api_query.hpp"

namespace sc::engine {
namespace {

// SRS when it answers, else nginx-rtmp; the error names both when neither does.
class FirstAnswering : public EngineQuery {
 public:
  FirstAnswering(SrsApiQuery srs, NginxRtmpQuery nginx)
      : srs_(std::move(srs)), nginx_(std::move(nginx)) {}

  std::string kind() const override { return "auto"; }
  std::vector<LiveStream> Streams() const override {
    return Either([](const EngineQuery& engine) { return engine.Streams(); });
  }
  bool Kick(const std::string& app, const std::string& stream,
            const std::string& client_id) const override {
    return Either([&](const EngineQuery& engine) { return engine.Kick(app, stream, client_id); });
  }

 private:
  template <typename Ask>
  std::invoke_result_t<Ask, const EngineQuery&> Either(Ask&& ask) const {
    try {
      return ask(srs_);
    } catch (const EngineError& srs_error) {
      try {
        return ask(nginx_);
      } catch (const EngineError& nginx_error) {
        throw EngineError(std::string("no media engine answers: ") + srs_error.what() + "; " +
                          nginx_error.what());
      }
    }
  }

  const SrsApiQuery srs_;
  const NginxRtmpQuery nginx_;
};

}  // namespace

std::unique_ptr<EngineQuery> EngineQueryFor(const config::Settings& settings) {
  const std::string api = "http://127.0.0.1:" + std::to_string(settings.Port(config::kSrsApiPort));
  const std::string http =
      "http://127.0.0.1:" + std::to_string(settings.Port(config::kSrsHttpPort));
  const std::string engine = settings.Get("MEDIA_ENGINE", "auto");
  if (engine == "srs") return std::make_unique<SrsApiQuery>(api);
  if (engine == "nginx-rtmp") return std::make_unique<NginxRtmpQuery>(http);
  if (engine == "auto" || engine == "none") {
    return std::make_unique<FirstAnswering>(SrsApiQuery(api), NginxRtmpQuery(http));
  }
  throw std::invalid_argument("MEDIA_ENGINE must be auto, srs, nginx-rtmp or none, not " +
                              engine.substr(0, 32));
}

}  // namespace sc::engine
