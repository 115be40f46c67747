#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/cloud/credentials.hpp"

namespace sc::cloud {

// One Tencent Cloud API 3.0 request as TC3-HMAC-SHA256 signs it (spec/tencent.md §3.3). The
// signed headers are always content-type and host.
struct Tc3Request {
  std::string method = "POST";
  std::string host{};                             // e.g. "cam.tencentcloudapi.com"
  std::string service{};                          // the first label of the host, e.g. "cam"
  std::string query{};                            // canonical query string; empty for POST
  std::string content_type = "application/json";  // exactly as sent
  std::string payload{};                          // the exact body bytes
  std::int64_t timestamp = 0;                     // unix seconds, sent as X-TC-Timestamp
};

// The UTC date of a timestamp, "YYYY-MM-DD" (the credential scope's date, never local time).
std::string Tc3Date(std::int64_t timestamp);

// "<date>/<service>/tc3_request".
std::string Tc3CredentialScope(const Tc3Request& request);

// Method, "/", query, canonical headers, signed headers and the payload's SHA-256, joined by
// newlines.
std::string Tc3CanonicalRequest(const Tc3Request& request);

// "TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<SHA-256 of the canonical request>".
std::string Tc3StringToSign(const Tc3Request& request);

// Lowercase hex HMAC-SHA256 of the string to sign with the key derived from the secret key,
// the date and the service.
std::string Tc3Signature(std::string_view secret_key, const Tc3Request& request);

// The Authorization header value:
// "TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=content-type;host, Signature=<sig>".
std::string Tc3Authorization(const TencentCredentials& credentials, const Tc3Request& request);

}  // namespace sc::cloud
