#include "common/http/fields.hpp"

#include <cmath>

#include "common/http/api_error.hpp"
#include "common/util/text.hpp"

namespace sc::http {

std::optional<std::string> OptionalString(const Json& body, std::string_view name) {
  if (!body.is_object()) return std::nullopt;
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return Stringify(*it);
  throw BadArgs(ErrorCode::kSysInvalid, std::string(name) + " must be a string");
}

std::string RequiredString(const Json& body, std::string_view name,
                           const std::string& missing_message) {
  std::optional<std::string> value = OptionalString(body, name);
  if (!value || value->empty()) throw BadArgs(ErrorCode::kSysEmpty, missing_message);
  return std::move(*value);
}

std::optional<long long> OptionalInteger(const Json& body, std::string_view name) {
  if (!body.is_object()) return std::nullopt;
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer() || it->is_number_unsigned()) return it->get<long long>();
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (std::isfinite(value) && std::trunc(value) == value) return static_cast<long long>(value);
    return std::nullopt;
  }
  if (it->is_string()) return util::ParseInteger(it->get_ref<const std::string&>());
  return std::nullopt;
}

}  // namespace sc::http
