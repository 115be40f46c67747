#pragma once
#include <optional>
#include <string_view>

namespace sc::util {

// The whole of `text` as a decimal integer (an optional '-', digits); nullopt otherwise.
std::optional<long long> ParseInteger(std::string_view text);

// ASCII case-insensitive comparisons (HTTP header names, URL paths).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);
// `text` without ASCII whitespace at either end.
std::string_view Trim(std::string_view text);

}  // namespace sc::util
