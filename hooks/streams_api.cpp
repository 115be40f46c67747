#include "hooks/streams_api.hpp"

#include <spdlog/spdlog.h>

#include "common/http/api_error.hpp"
#include "common/http/fields.hpp"
#include "common/util/time.hpp"

namespace sc::hooks {
namespace {

using http::ErrorCode;

// An engine that does not answer is a server-side failure the dashboard shows as such.
http::ApiError EngineDown(const engine::EngineError& e) {
  return http::Internal(ErrorCode::kSysResource, e.what());
}

Json ToJson(const engine::LiveStream& stream, util::SystemTime now) {
  Json clients = Json::array();
  for (const engine::LiveClient& client : stream.clients) {
    clients.push_back({{"id", client.id},
                       {"ip", client.address},
                       {"type", client.type},
                       {"publish", client.publisher},
                       {"alive", client.alive_seconds}});
  }
  Json item = {{"vhost", stream.vhost},     {"app", stream.app},
               {"stream", stream.stream},   {"protocol", stream.protocol},
               {"viewers", stream.viewers}, {"clients", clients}};
  item["publishedAt"] =
      stream.live_seconds
          ? Json(util::IsoTime(now - std::chrono::milliseconds(
                                         static_cast<std::int64_t>(*stream.live_seconds * 1000))))
          : Json(nullptr);
  return item;
}

}  // namespace

StreamsApi::StreamsApi(const auth::TokenAuth& auth, const engine::EngineQuery& engine)
    : auth_(auth), engine_(engine) {}

Json StreamsApi::Query(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  std::vector<engine::LiveStream> streams;
  try {
    streams = engine_.Streams();
  } catch (const engine::EngineError& e) {
    throw EngineDown(e);
  }
  const auto now = std::chrono::system_clock::now();
  Json items = Json::array();
  for (const engine::LiveStream& stream : streams) items.push_back(ToJson(stream, now));
  return {{"streams", items}};
}

Json StreamsApi::Kick(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string app = http::RequiredString(request.json, "app", "no param app");
  const std::string stream = http::RequiredString(request.json, "stream", "no param stream");
  const std::string client = http::RequiredString(request.json, "client", "no param client");
  bool kicked = false;
  try {
    kicked = engine_.Kick(app, stream, client);
  } catch (const engine::EngineError& e) {
    throw EngineDown(e);
  }
  if (!kicked) throw http::NotFound(ErrorCode::kSysInvalid, "no client " + client.substr(0, 64));
  spdlog::info("streams: kicked client {} of {}/{}", client, app, stream);
  return nullptr;
}

}  // namespace sc::hooks
