#include "common/http/body.hpp"

#include <algorithm>
#include <cctype>

#include "common/http/api_error.hpp"
#include "common/http/url.hpp"

namespace sc::http {
namespace {

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  std::erase_if(type, [](unsigned char c) { return std::isspace(c); });
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

Json ParseJson(std::string_view body) {
  if (IsBlank(body)) return Json::object();
  if (std::optional<Json> flat = ParseFlatObject(body)) return std::move(*flat);
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw BadRequest("invalid JSON body");
  if (!parsed.is_object() && !parsed.is_array()) {
    throw BadRequest("invalid JSON body: only objects and arrays are accepted");
  }
  return parsed;
}

Json ParseForm(std::string_view body) {
  Json form = Json::object();
  for (auto& [key, value] : ParseQuery(body)) {
    auto it = form.find(key);
    if (it == form.end()) {
      form[key] = std::move(value);
    } else if (it->is_array()) {
      it->push_back(std::move(value));
    } else {
      *it = Json::array({*it, std::move(value)});
    }
  }
  return form;
}

}  // namespace

BodyKind ClassifyContentType(const std::optional<std::string>& content_type) {
  if (!content_type) return BodyKind::kOther;
  const std::string type = MediaType(*content_type);
  if (type == "application/json" || type == "application/csp-report" || type.ends_with("+json")) {
    return BodyKind::kJson;
  }
  if (type == "application/x-www-form-urlencoded") return BodyKind::kForm;
  return BodyKind::kOther;
}

std::size_t BodyLimitFor(BodyKind kind, const BodyLimits& limits) {
  return kind == BodyKind::kForm ? limits.form : limits.json;
}

Json ParseBody(const std::optional<std::string>& content_type, std::string_view body) {
  switch (ClassifyContentType(content_type)) {
    case BodyKind::kJson:
      return ParseJson(body);
    case BodyKind::kForm:
      return ParseForm(body);
    case BodyKind::kOther:
      break;
  }
  return Json::object();
}

}  // namespace sc::http
