#include "hooks/stream_event.hpp"

#include "common/http/fields.hpp"
#include "common/http/url.hpp"

namespace sc::hooks {
namespace {

std::string Field(const Json& body, std::string_view name) {
  return http::OptionalString(body, name).value_or("");
}

// What an SRS param says about the publish: its `secret` and `upstream` (srt, rtc), each the
// first of its name, read in one pass.
struct ParamValues {
  std::optional<std::string> secret;
  std::optional<std::string> upstream;
};

ParamValues ValuesOf(std::string_view param) {
  if (param.starts_with('?')) param.remove_prefix(1);
  ParamValues values;
  for (auto& [key, value] : http::ParseQuery(param)) {
    if (key == "secret" && !values.secret) values.secret = std::move(value);
    if (key == "upstream" && !values.upstream) values.upstream = std::move(value);
  }
  return values;
}

}  // namespace

std::optional<std::string> SecretOf(std::string_view param) { return ValuesOf(param).secret; }

StreamEvent FromSrs(const Json& body) {
  StreamEvent event{.action = Field(body, "action"),
                    .vhost = Field(body, "vhost"),
                    .app = Field(body, "app"),
                    .stream = Field(body, "stream"),
                    .param = Field(body, "param"),
                    .server = Field(body, "server_id"),
                    .client = Field(body, "client_id")};
  ParamValues param = ValuesOf(event.param);
  event.secret = std::move(param.secret);
  const std::optional<std::string>& upstream = param.upstream;
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

std::string ActiveStreamRecord(const StreamEvent& event) {
  const std::pair<std::string_view, const std::string*> members[] = {
      {"vhost", &event.vhost}, {"app", &event.app}, {"stream", &event.stream},
      {"server", &event.server}, {"client", &event.client}};
  constexpr std::size_t kAlways = 3;  // vhost, app and stream even when empty
  // Printable ASCII without quotes or backslashes is its own JSON text: written as it is, which
  // at thousands of publishes a second costs a fraction of building and dumping a document.
  const auto plain = [](const std::string& text) {
    for (const unsigned char c : text) {
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
    }
    return true;
  };
  bool all_plain = true;
  for (const auto& [name, value] : members) all_plain = all_plain && plain(*value);
  if (!all_plain) {
    Json record = Json::object();
    for (std::size_t i = 0; i < std::size(members); ++i) {
      if (i < kAlways || !members[i].second->empty()) record[std::string(members[i].first)] = *members[i].second;
    }
    return Stringify(record);
  }
  std::string text = "{";
  for (std::size_t i = 0; i < std::size(members); ++i) {
    const auto& [name, value] = members[i];
    if (i >= kAlways && value->empty()) continue;
    if (text.size() > 1) text += ',';
    text += '"';
    text += name;
    text += "\":\"";
    text += *value;
    text += '"';
  }
  text += '}';
  return text;
}

}  // namespace sc::hooks
