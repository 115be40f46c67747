#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace sc::http {

// Reading typed fields of a request body, with the original's error shapes.

// Absent, null -> nullopt; a string -> it; a number or boolean -> its text (form bodies carry
// text anyway); an object or array -> ApiError 1004/422 "<name> must be a string".
std::optional<std::string> OptionalString(const Json& body, std::string_view name);

// Like OptionalString, but absent or empty -> ApiError 1000/422 `missing_message`.
std::string RequiredString(const Json& body, std::string_view name,
                           const std::string& missing_message);

// An integer from a JSON number or a decimal string; nullopt when absent, null or not one.
std::optional<long long> OptionalInteger(const Json& body, std::string_view name);

}  // namespace sc::http
