#include "common/cloud/cos_signer.hpp"

#include <algorithm>
#include <cctype>

#include "common/auth/digest.hpp"
#include "common/http/url.hpp"

namespace sc::cloud {
namespace {

// COS encodes like encodeURIComponent plus !'()*: everything but RFC 3986's unreserved set,
// which is exactly http::PercentEncode.
NameValues Canonical(const NameValues& pairs) {
  NameValues out;
  out.reserve(pairs.size());
  for (const auto& [name, value] : pairs) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.emplace_back(http::PercentEncode(lower), http::PercentEncode(value));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string CosKeyTime(std::int64_t start, std::int64_t end) {
  return std::to_string(start) + ";" + std::to_string(end);
}

std::string CosFormatPairs(const NameValues& pairs) {
  std::string out;
  for (const auto& [name, value] : Canonical(pairs)) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string CosNameList(const NameValues& pairs) {
  std::string out;
  for (const auto& [name, value] : Canonical(pairs)) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string CosHttpString(const CosSignedRequest& request) {
  std::string method(request.method);
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return method + "\n" + request.path + "\n" + CosFormatPairs(request.params) + "\n" +
         CosFormatPairs(request.headers) + "\n";
}

std::string CosStringToSign(std::string_view key_time, const CosSignedRequest& request) {
  return "sha1\n" + std::string(key_time) + "\n" + auth::Sha1Hex(CosHttpString(request)) + "\n";
}

std::string CosSignature(std::string_view secret_key, std::string_view key_time,
                         const CosSignedRequest& request) {
  const std::string sign_key = auth::ToHex(auth::HmacSha1(secret_key, key_time));
  return auth::ToHex(auth::HmacSha1(sign_key, CosStringToSign(key_time, request)));
}

std::string CosAuthorization(const TencentCredentials& credentials, std::string_view key_time,
                             const CosSignedRequest& request) {
  const std::string time(key_time);
  return "q-sign-algorithm=sha1&q-ak=" + credentials.secret_id + "&q-sign-time=" + time +
         "&q-key-time=" + time + "&q-header-list=" + CosNameList(request.headers) +
         "&q-url-param-list=" + CosNameList(request.params) +
         "&q-signature=" + CosSignature(credentials.secret_key, key_time, request);
}

}  // namespace sc::cloud
