#include "common/cloud/sigv4.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

#include "common/auth/digest.hpp"

namespace sc::cloud {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Header values: leading and trailing spaces removed, inner runs of spaces made one.
std::string TrimHeaderValue(std::string_view value) {
  std::string trimmed;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !trimmed.empty();
      continue;
    }
    if (pending_space) trimmed.push_back(' ');
    pending_space = false;
    trimmed.push_back(c);
  }
  return trimmed;
}

std::string CanonicalQuery(const Pairs& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string joined;
  for (const auto& [name, value] : encoded) {
    if (!joined.empty()) joined += '&';
    joined += name + "=" + value;
  }
  return joined;
}

// Lower-cased names, sorted; repeated names joined with ','.
std::vector<std::pair<std::string, std::string>> CanonicalHeaders(const Pairs& headers) {
  std::vector<std::pair<std::string, std::string>> lowered;
  for (const auto& [name, value] : headers) lowered.emplace_back(Lower(name), TrimHeaderValue(value));
  std::stable_sort(lowered.begin(), lowered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string, std::string>> merged;
  for (auto& [name, value] : lowered) {
    if (!merged.empty() && merged.back().first == name) {
      merged.back().second += "," + value;
    } else {
      merged.emplace_back(std::move(name), std::move(value));
    }
  }
  return merged;
}

std::string SignedHeaderList(const Pairs& headers) {
  std::string list;
  for (const auto& [name, value] : CanonicalHeaders(headers)) list += (list.empty() ? "" : ";") + name;
  return list;
}

std::string CredentialScope(const std::string& date, const SigV4Scope& scope) {
  return date + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

std::string Signature(const AwsCredentials& credentials, const SigV4Scope& scope,
                      const std::string& date, const std::string& string_to_sign) {
  std::string key = auth::HmacSha256("AWS4" + credentials.secret_access_key, date);
  key = auth::HmacSha256(key, scope.region);
  key = auth::HmacSha256(key, scope.service);
  key = auth::HmacSha256(key, "aws4_request");
  return auth::ToHex(auth::HmacSha256(key, string_to_sign));
}

std::string StringToSign(const std::string& amz_date, const std::string& scope,
                         const std::string& canonical_request) {
  return "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + auth::Sha256Hex(canonical_request);
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  std::string encoded;
  encoded.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return encoded;
}

std::string AmzDate(util::SystemTime time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::string CanonicalRequest(const SigV4Request& request) {
  std::string headers;
  for (const auto& [name, value] : CanonicalHeaders(request.headers)) headers += name + ":" + value + "\n";
  return request.method + "\n" + (request.path.empty() ? "/" : request.path) + "\n" +
         CanonicalQuery(request.query) + "\n" + headers + "\n" + SignedHeaderList(request.headers) +
         "\n" +
         (request.payload_sha256.empty() ? std::string(kEmptyPayloadSha256) : request.payload_sha256);
}

SigV4Headers Sign(const SigV4Request& request, const AwsCredentials& credentials,
                  const SigV4Scope& scope, util::SystemTime time) {
  const std::string amz_date = AmzDate(time);
  const std::string date = amz_date.substr(0, 8);
  SigV4Request signed_request = request;
  if (signed_request.payload_sha256.empty()) signed_request.payload_sha256 = kEmptyPayloadSha256;

  SigV4Headers result;
  result.headers.emplace_back("X-Amz-Date", amz_date);
  if (scope.service == "s3" && request.content_sha256_header) result.headers.emplace_back("X-Amz-Content-Sha256", signed_request.payload_sha256);
  if (!credentials.session_token.empty()) {
    result.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  for (const auto& header : result.headers) signed_request.headers.push_back(header);

  result.canonical_request = CanonicalRequest(signed_request);
  const std::string credential_scope = CredentialScope(date, scope);
  result.string_to_sign = StringToSign(amz_date, credential_scope, result.canonical_request);
  result.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
                         credential_scope + ", SignedHeaders=" +
                         SignedHeaderList(signed_request.headers) + ", Signature=" +
                         Signature(credentials, scope, date, result.string_to_sign);
  result.headers.emplace_back("Authorization", result.authorization);
  return result;
}

std::string PresignQuery(const SigV4Request& request, const AwsCredentials& credentials,
                         const SigV4Scope& scope, util::SystemTime time, int expires_seconds) {
  if (expires_seconds < 1 || expires_seconds > 604800) {
    throw std::invalid_argument("presigned URLs live 1 s to 7 days");
  }
  const std::string amz_date = AmzDate(time);
  const std::string date = amz_date.substr(0, 8);
  const std::string credential_scope = CredentialScope(date, scope);

  SigV4Request presigned = request;
  presigned.payload_sha256 = "UNSIGNED-PAYLOAD";
  presigned.query.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  presigned.query.emplace_back("X-Amz-Credential", credentials.access_key_id + "/" + credential_scope);
  presigned.query.emplace_back("X-Amz-Date", amz_date);
  presigned.query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
  if (!credentials.session_token.empty()) {
    presigned.query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  presigned.query.emplace_back("X-Amz-SignedHeaders", SignedHeaderList(presigned.headers));
  const std::string string_to_sign =
      StringToSign(amz_date, credential_scope, CanonicalRequest(presigned));
  return CanonicalQuery(presigned.query) +
         "&X-Amz-Signature=" + Signature(credentials, scope, date, string_to_sign);
}

}  // namespace sc::cloud
