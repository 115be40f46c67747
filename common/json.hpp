#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace sc {

// Insertion-ordered like JSON.stringify, so bodies compare byte for byte with the original.
using Json = nlohmann::ordered_json;

// Serialises like JavaScript's JSON.stringify: compact, integral doubles without ".0"
// (10 not 10.0), NaN/Infinity as null, invalid UTF-8 replaced instead of throwing.
std::string Stringify(const Json& value);

// The fast path for the request bodies most routes get: an object whose members are strings
// without escapes (ASCII), numbers, true, false or null, at most 32 of them. Gives the same value
// as Json::parse would; nullopt for anything else (a nested value, an escape, an integer of
// over 18 digits, invalid JSON), which the caller then hands to Json::parse.
std::optional<Json> ParseFlatObject(std::string_view text);

// JavaScript truthiness of a JSON value: null, false, 0, NaN and "" are falsy.
bool IsTruthy(const Json& value);

}  // namespace sc
