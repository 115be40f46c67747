#include "common/engine/srs_api_query.hpp"

#include <map>

#include "common/http/client.hpp"
#include "common/http/url.hpp"

namespace sc::engine {
namespace {

// How SRS names a publishing client's type, as the protocol the stream arrives over.
std::string ProtocolOf(const std::string& type) {
  if (type == "srt-publish") return "srt";
  if (type == "rtc-publish") return "rtc";
  return "rtmp";  // fmle-publish, flash-publish, haivision-publish
}

std::string Text(const Json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A boolean member; false when absent or of another type (found by the fuzzer: value() throws).
bool Flag(const Json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

const Json& ListIn(const Json& answer, const char* name) {
  if (!answer.is_object() || !answer.contains("code") || answer["code"] != 0 ||
      !answer.contains(name) || !answer[name].is_array()) {
    throw EngineError(std::string("SRS answered without a list of ") + name);
  }
  return answer[name];
}

}  // namespace

std::vector<LiveStream> StreamsFromSrsApi(const Json& streams, const Json& clients) {
  std::map<std::string, std::vector<LiveClient>> clients_by_stream;
  for (const Json& client : ListIn(clients, "clients")) {
    if (!client.is_object()) continue;
    const auto alive = client.find("alive");
    clients_by_stream[Text(client, "stream")].push_back(
        {.id = Text(client, "id"),
         .address = Text(client, "ip"),
         .type = Text(client, "type"),
         .publisher = Flag(client, "publish"),
         .alive_seconds = alive != client.end() && alive->is_number() ? alive->get<double>() : 0});
  }
  std::vector<LiveStream> live;
  for (const Json& stream : ListIn(streams, "streams")) {
    if (!stream.is_object()) continue;
    const auto publish = stream.find("publish");
    if (publish == stream.end() || !publish->is_object() || !Flag(*publish, "active")) {
      continue;  // a stream object SRS keeps for players waiting, or one just unpublished
    }
    LiveStream item{
        .vhost = Text(stream, "vhost"), .app = Text(stream, "app"), .stream = Text(stream, "name")};
    item.clients = std::move(clients_by_stream[Text(stream, "id")]);
    for (const LiveClient& client : item.clients) {
      if (client.publisher) {
        item.protocol = ProtocolOf(client.type);
        item.live_seconds = client.alive_seconds;
      } else {
        ++item.viewers;
      }
    }
    live.push_back(std::move(item));
  }
  return live;
}

SrsApiQuery::SrsApiQuery(std::string api_url) : api_url_(std::move(api_url)) {}

Json SrsApiQuery::Get(const std::string& path) const {
  http::ClientResponse answer;
  try {
    answer = http::Fetch({.url = api_url_ + path, .timeout = std::chrono::seconds(3)});
  } catch (const http::ClientError& e) {
    throw EngineError(std::string("SRS API: ") + e.what());
  }
  if (answer.status != 200) {
    throw EngineError("SRS API: HTTP " + std::to_string(answer.status) + " for " + path);
  }
  Json json = Json::parse(answer.body, nullptr, false);
  if (json.is_discarded()) throw EngineError("SRS API: no JSON for " + path);
  return json;
}

std::vector<LiveStream> SrsApiQuery::Streams() const {
  // SRS pages its lists (count=10 by default); ask for more than any machine here carries.
  return StreamsFromSrsApi(Get("/api/v1/streams/?count=1000"), Get("/api/v1/clients/?count=10000"));
}

bool SrsApiQuery::Kick(const std::string&, const std::string&, const std::string& client_id) const {
  http::ClientResponse answer;
  try {
    answer = http::Fetch({.method = "DELETE",
                          .url = api_url_ + "/api/v1/clients/" + http::PercentEncode(client_id),
                          .timeout = std::chrono::seconds(3)});
  } catch (const http::ClientError& e) {
    throw EngineError(std::string("SRS API: ") + e.what());
  }
  const Json json = Json::parse(answer.body, nullptr, false);
  if (answer.status != 200 || !json.is_object() || !json.contains("code")) {
    throw EngineError("SRS API: HTTP " + std::to_string(answer.status) + " for the kick");
  }
  if (json["code"] == 0) return true;
  if (json["code"] == 2049) return false;  // no such client (fixtures/srs5-api)
  throw EngineError("SRS API: code " + json["code"].dump() + " for the kick");
}

}  // namespace sc::engine
