#include "common/json.hpp"

#include <cmath>

namespace sc {
namespace {

bool HasIntegralDouble(const Json& value) {
  if (value.is_number_float()) {
    const double d = value.get<double>();
    return std::isfinite(d) && std::trunc(d) == d;
  }
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (HasIntegralDouble(item)) return true;
    }
  }
  return false;
}

// JSON.stringify prints 10.0 as 10; nlohmann prints "10.0". Rewrite such doubles as integers.
Json WithIntegralDoublesAsIntegers(const Json& value) {
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) {
      return static_cast<std::int64_t>(d);
    }
    return value;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) out[key] = WithIntegralDoublesAsIntegers(item);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(WithIntegralDoublesAsIntegers(item));
    return out;
  }
  return value;
}

}  // namespace

std::string Stringify(const Json& value) {
  constexpr auto kReplace = Json::error_handler_t::replace;
  if (!HasIntegralDouble(value)) return value.dump(-1, ' ', false, kReplace);
  return WithIntegralDoublesAsIntegers(value).dump(-1, ' ', false, kReplace);
}

bool IsTruthy(const Json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.get<std::int64_t>() != 0;
  if (value.is_number_float()) {
    const double d = value.get<double>();
    return !(d == 0.0 || std::isnan(d));
  }
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  return true;  // objects and arrays, even empty ones
}

}  // namespace sc
