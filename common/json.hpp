#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace sc {

// Insertion-ordered like JSON.stringify, so bodies compare byte for byte with the original.
using Json = nlohmann::ordered_json;

// Serialises like JavaScript's JSON.stringify: compact, integral doubles without ".0"
// (10 not 10.0), NaN/Infinity as null, invalid UTF-8 replaced instead of throwing.
std::string Stringify(const Json& value);

// JavaScript truthiness of a JSON value: null, false, 0, NaN and "" are falsy.
bool IsTruthy(const Json& value);

}  // namespace sc
