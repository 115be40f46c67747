#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/cloud/credentials.hpp"

namespace sc::cloud {

using NameValues = std::vector<std::pair<std::string, std::string>>;

// One COS XML API request as its signature covers it (spec/tencent.md §5).
struct CosSignedRequest {
  std::string method{};    // any case; signed lowercased
  std::string path = "/";  // the un-encoded path, "/" for bucket calls, e.g. "/a/b(1).ts"
  NameValues params{};     // decoded query parameters; a value-less one ("?cors") has ""
  NameValues headers{};    // the headers to sign, exactly as sent (Host included)
};

// "<start>;<end>" in unix seconds: the q-sign-time and q-key-time of a signature.
std::string CosKeyTime(std::int64_t start, std::int64_t end);

// "k1=v1&k2=v2": names lowercased then URL-encoded, values URL-encoded, sorted by name.
std::string CosFormatPairs(const NameValues& pairs);
// "k1;k2": the sorted lowercased, encoded names of CosFormatPairs.
std::string CosNameList(const NameValues& pairs);

// "<method>\n<path>\n<params>\n<headers>\n".
std::string CosHttpString(const CosSignedRequest& request);
// "sha1\n<key time>\n<SHA-1 of the http string>\n".
std::string CosStringToSign(std::string_view key_time, const CosSignedRequest& request);
// Lowercase hex HMAC-SHA1 of the string to sign, keyed by hex HMAC-SHA1(secret key, key time).
std::string CosSignature(std::string_view secret_key, std::string_view key_time,
                         const CosSignedRequest& request);

// The Authorization header value: q-sign-algorithm=sha1&q-ak=...&q-signature=<sig>.
std::string CosAuthorization(const TencentCredentials& credentials, std::string_view key_time,
                             const CosSignedRequest& request);

}  // namespace sc::cloud
