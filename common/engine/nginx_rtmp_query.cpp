#include "common/engine/nginx_rtmp_query.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "common/http/client.hpp"
#include "common/http/url.hpp"
#include "common/util/text.hpp"

namespace sc::engine {
namespace {

namespace pt = boost::property_tree;

// Children of `tree` named `name` (rtmp_stat repeats <server>, <application>, <stream>, <client>).
template <typename Visit>
void EachChild(const pt::ptree& tree, const char* name, Visit&& visit) {
  for (const auto& [key, child] : tree) {
    if (key == name) visit(child);
  }
}

double Milliseconds(const pt::ptree& tree) {
  const auto text = tree.get_optional<std::string>("time");
  const auto value = text ? util::ParseInteger(*text) : std::nullopt;
  return value ? static_cast<double>(*value) / 1000 : 0;
}

LiveClient ClientOf(const pt::ptree& client) {
  const bool publisher = client.get_child_optional("publishing").has_value();
  return {.id = client.get<std::string>("id", ""),
          .address = client.get<std::string>("address", ""),
          .type = publisher ? "publish" : "play",
          .publisher = publisher,
          .alive_seconds = Milliseconds(client)};
}

}  // namespace

std::vector<LiveStream> StreamsFromNginxRtmpStat(std::string_view xml) {
  pt::ptree root;
  try {
    std::istringstream in{std::string(xml)};
    pt::read_xml(in, root, pt::xml_parser::no_comments);
  } catch (const pt::xml_parser_error& e) {
    throw EngineError(std::string("nginx-rtmp stat: not XML: ") + e.what());
  }
  const auto rtmp = root.get_child_optional("rtmp");
  if (!rtmp) throw EngineError("nginx-rtmp stat: no <rtmp> element");
  std::vector<LiveStream> live;
  EachChild(*rtmp, "server", [&](const pt::ptree& server) {
    EachChild(server, "application", [&](const pt::ptree& application) {
      const std::string app = application.get<std::string>("name", "");
      const auto streams = application.get_child_optional("live");
      if (!streams) return;
      EachChild(*streams, "stream", [&](const pt::ptree& stream) {
        if (!stream.get_child_optional("publishing")) return;  // players waiting for a publisher
        LiveStream item{
            .vhost = "__defaultVhost__", .app = app, .stream = stream.get<std::string>("name", "")};
        item.live_seconds = Milliseconds(stream);
        EachChild(stream, "client", [&](const pt::ptree& client) {
          item.clients.push_back(ClientOf(client));
          if (!item.clients.back().publisher) ++item.viewers;
        });
        live.push_back(std::move(item));
      });
    });
  });
  return live;
}

NginxRtmpQuery::NginxRtmpQuery(std::string http_url) : http_url_(std::move(http_url)) {}

std::vector<LiveStream> NginxRtmpQuery::Streams() const {
  http::ClientResponse answer;
  try {
    answer = http::Fetch({.url = http_url_ + "/stat",
                          .timeout = std::chrono::seconds(3),
                          .max_response_bytes = 8 * 1024 * 1024});
  } catch (const http::ClientError& e) {
    throw EngineError(std::string("nginx-rtmp stat: ") + e.what());
  }
  if (answer.status != 200) {
    throw EngineError("nginx-rtmp stat: HTTP " + std::to_string(answer.status));
  }
  return StreamsFromNginxRtmpStat(answer.body);
}

bool NginxRtmpQuery::Kick(const std::string& app, const std::string& stream,
                          const std::string& client_id) const {
  http::ClientResponse answer;
  try {
    answer =
        http::Fetch({.url = http_url_ + "/control/drop/client?app=" + http::PercentEncode(app) +
                            "&name=" + http::PercentEncode(stream) +
                            "&clientid=" + http::PercentEncode(client_id),
                     .timeout = std::chrono::seconds(3)});
  } catch (const http::ClientError& e) {
    throw EngineError(std::string("nginx-rtmp control: ") + e.what());
  }
  // rtmp_control answers the number of dropped clients; an unknown app or stream is a 404
  // (Debian's 1.2.2 — note the body is then nginx's HTML page).
  if (answer.status == 404) return false;
  if (answer.status != 200) {
    throw EngineError("nginx-rtmp control: HTTP " + std::to_string(answer.status));
  }
  const auto dropped = util::ParseInteger(util::Trim(answer.body));
  return dropped && *dropped > 0;
}

}  // namespace sc::engine
