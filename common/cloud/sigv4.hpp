#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/util/time.hpp"

// AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html),
// as S3-compatible stores expect it: AWS S3, MinIO, Cloudflare R2. Pure functions; the caller
// sends the request.
namespace sc::cloud {

struct AwsCredentials {
  std::string access_key_id{};
  std::string secret_access_key{};
  std::string session_token{};  // temporary credentials only; sent as x-amz-security-token
};

// The scope a signature is valid for.
struct SigV4Scope {
  std::string region = "us-east-1";  // R2 takes "auto"
  std::string service = "s3";
};

// A request to sign. `path` is the URI path as it goes on the wire (already percent-encoded,
// see UriEncode); `query` holds decoded names and values. `headers` must include Host.
struct SigV4Request {
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> query{};
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string payload_sha256{};  // hex; empty: the SHA-256 of an empty payload
  // S3 requires X-Amz-Content-Sha256 on header-signed requests; other services (and curl's
  // --aws-sigv4) sign the payload hash without sending it.
  bool content_sha256_header = true;
};

// What Sign adds to the request: X-Amz-Date, X-Amz-Content-Sha256 (for service s3, see
// SigV4Request), X-Amz-Security-Token when there is a session token, and Authorization.
struct SigV4Headers {
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string authorization{};
  std::string canonical_request{};  // for diagnostics and tests
  std::string string_to_sign{};
};

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, everything else is
// %XX in upper case; '/' stays when `keep_slash` (object keys in paths).
std::string UriEncode(std::string_view text, bool keep_slash);

// "20130524T000000Z" in UTC.
std::string AmzDate(util::SystemTime time);

// The hex SHA-256 of nothing, for bodiless requests.
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The canonical request of the SigV4 spec: method, path, sorted encoded query, lower-cased
// sorted headers with trimmed values, the signed header list and the payload hash.
std::string CanonicalRequest(const SigV4Request& request);

// Signs `request` at `time`. The headers already in `request` are signed as given (so the caller
// decides which, e.g. Host, Content-Type, Range); the X-Amz-* headers Sign adds are signed too.
SigV4Headers Sign(const SigV4Request& request, const AwsCredentials& credentials,
                  const SigV4Scope& scope, util::SystemTime time);

// A presigned URL query (X-Amz-Algorithm ... X-Amz-Signature) for `request`, valid for
// `expires_seconds` (1..604800); only Host is signed and the payload is UNSIGNED-PAYLOAD. Returns
// the query string to append after '?'.
std::string PresignQuery(const SigV4Request& request, const AwsCredentials& credentials,
                         const SigV4Scope& scope, util::SystemTime time, int expires_seconds);

}  // namespace sc::cloud
