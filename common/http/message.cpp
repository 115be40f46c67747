#include "common/http/message.hpp"

#include "common/http/url.hpp"
#include "common/util/text.hpp"

namespace sc::http {
void Headers::Add(std::string name, std::string value) {
  items_.emplace_back(std::move(name), std::move(value));
}

void Headers::Set(std::string name, std::string value) {
  std::erase_if(items_, [&](const auto& item) { return util::EqualsIgnoreCase(item.first, name); });
  items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::Get(std::string_view name) const {
  for (const auto& [key, value] : items_) {
    if (util::EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  for (auto& [key, value] : ParseQuery(query)) {
    if (key == name) return std::move(value);
  }
  return std::nullopt;
}

Response Response::Text(int status, std::string text) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(text);
  return response;
}

Response Response::JsonBody(int status, std::string json_text) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(json_text);
  return response;
}

}  // namespace sc::http
