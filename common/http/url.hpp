#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sc::http {

// Percent-decoding; `plus_is_space` for application/x-www-form-urlencoded.
// Returns nullopt on a malformed escape ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

std::string PercentEncode(std::string_view text);

// Splits "a=1&b=&c" into decoded pairs, in order; malformed escapes are kept verbatim.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

// Returns query with the values of secret-like keys (secret, token, password, key...)
// replaced by "***", so access logs never carry credentials.
std::string RedactQuery(std::string_view query);

}  // namespace sc::http
