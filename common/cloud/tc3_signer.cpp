#include "common/cloud/tc3_signer.hpp"

#include <cctype>
#include <ctime>

#include "common/auth/digest.hpp"

namespace sc::cloud {
namespace {

constexpr std::string_view kAlgorithm = "TC3-HMAC-SHA256";
constexpr std::string_view kSignedHeaders = "content-type;host";

// The canonical headers are lowercased, names and values alike (Tencent's signing guide).
std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string Tc3Date(std::int64_t timestamp) {
  const std::time_t seconds = static_cast<std::time_t>(timestamp);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[16];
  std::strftime(text, sizeof(text), "%Y-%m-%d", &utc);
  return text;
}

std::string Tc3CredentialScope(const Tc3Request& request) {
  return Tc3Date(request.timestamp) + "/" + request.service + "/tc3_request";
}

std::string Tc3CanonicalRequest(const Tc3Request& request) {
  return request.method + "\n/\n" + request.query +
         "\ncontent-type:" + Lower(request.content_type) + "\nhost:" + Lower(request.host) +
         "\n\n" + std::string(kSignedHeaders) + "\n" + auth::Sha256Hex(request.payload);
}

std::string Tc3StringToSign(const Tc3Request& request) {
  return std::string(kAlgorithm) + "\n" + std::to_string(request.timestamp) + "\n" +
         Tc3CredentialScope(request) + "\n" + auth::Sha256Hex(Tc3CanonicalRequest(request));
}

std::string Tc3Signature(std::string_view secret_key, const Tc3Request& request) {
  const std::string date_key =
      auth::HmacSha256("TC3" + std::string(secret_key), Tc3Date(request.timestamp));
  const std::string service_key = auth::HmacSha256(date_key, request.service);
  const std::string signing_key = auth::HmacSha256(service_key, "tc3_request");
  return auth::ToHex(auth::HmacSha256(signing_key, Tc3StringToSign(request)));
}

std::string Tc3Authorization(const TencentCredentials& credentials, const Tc3Request& request) {
  return std::string(kAlgorithm) + " Credential=" + credentials.secret_id + "/" +
         Tc3CredentialScope(request) + ", SignedHeaders=" + std::string(kSignedHeaders) +
         ", Signature=" + Tc3Signature(credentials.secret_key, request);
}

}  // namespace sc::cloud
