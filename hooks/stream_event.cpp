#include "hooks/stream_event.hpp"

#include "common/http/fields.hpp"
#include "common/http/url.hpp"

namespace sc::hooks {
namespace {

std::string Field(const Json& body, std::string_view name) {
  return http::OptionalString(body, name).value_or("");
}

std::optional<std::string> QueryValue(std::string_view param, std::string_view name) {
  if (param.starts_with('?')) param.remove_prefix(1);
  for (auto& [key, value] : http::ParseQuery(param)) {
    if (key == name) return std::move(value);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> SecretOf(std::string_view param) { return QueryValue(param, "secret"); }

StreamEvent FromSrs(const Json& body) {
  StreamEvent event{.action = Field(body, "action"),
                    .vhost = Field(body, "vhost"),
                    .app = Field(body, "app"),
                    .stream = Field(body, "stream"),
                    .param = Field(body, "param"),
                    .server = Field(body, "server_id"),
                    .client = Field(body, "client_id")};
  event.secret = SecretOf(event.param);
  const std::string upstream = QueryValue(event.param, "upstream").value_or("");
  const std::string tc_url = Field(body, "tcUrl");
  event.srt = upstream == "srt" || tc_url.starts_with("srt://");
  event.rtc = upstream == "rtc" || tc_url.starts_with("webrtc://");
  return event;
}

StreamEvent FromNginx(const Json& form) {
  static const std::pair<std::string_view, std::string_view> kActions[] = {
      {"connect", "on_connect"},     {"publish", "on_publish"},
      {"publish_done", "on_unpublish"}, {"play", "on_play"},
      {"play_done", "on_stop"},      {"done", "on_close"},
      {"update_publish", "on_update"}, {"update_play", "on_update"},
      {"record_done", "on_dvr"}};
  const std::string call = Field(form, "call");
  StreamEvent event{.vhost = "__defaultVhost__",
                    .app = Field(form, "app"),
                    .stream = Field(form, "name"),
                    .client = Field(form, "clientid")};
  event.action = "nginx_" + call;
  for (const auto& [name, action] : kActions) {
    if (call == name) event.action = action;
  }
  event.secret = http::OptionalString(form, "secret");
  if (event.secret) event.param = "secret=***";
  return event;
}

std::string StreamUrl(const StreamEvent& event) {
  if (event.vhost.empty() || event.app.empty() || event.stream.empty()) return "";
  if (event.vhost == "__defaultVhost__") return event.app + "/" + event.stream;
  return event.vhost + "/" + event.app + "/" + event.stream;
}

Json ActiveStreamRecord(const StreamEvent& event) {
  Json record = {{"vhost", event.vhost}, {"app", event.app}, {"stream", event.stream}};
  if (!event.server.empty()) record["server"] = event.server;
  if (!event.client.empty()) record["client"] = event.client;
  return record;
}

}  // namespace sc::hooks
