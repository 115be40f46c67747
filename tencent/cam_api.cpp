#include "tencent/cam_api.hpp"

#include <cctype>

#include "common/cloud/cam_account.hpp"
#include "common/cloud/cos_bucket_setup.hpp"
#include "common/cloud/tencent_region.hpp"
#include "common/cloud/vod_service_setup.hpp"
#include "common/http/api_error.hpp"
#include "common/http/fields.hpp"
#include "common/redis/keys.hpp"
#include "sc/version.hpp"

namespace sc::tencent {
namespace {

using http::ErrorCode;

// spec/tencent.md §2.2, note for the port: check the keys' shape before sending them anywhere.
// Tencent's SecretId ("AKID" + 32) and SecretKey (32) are letters and digits.
void RequireKeyShape(std::string_view name, const std::string& value) {
  constexpr size_t kMaxLength = 128;
  bool ok = value.size() <= kMaxLength;
  for (char c : value) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  }
  if (!ok) {
    throw http::BadArgs(ErrorCode::kSysInvalid,
                        std::string(name) + " must be at most 128 letters, digits, '-' or '_'");
  }
}

// A number rendered as the original stored it ("1250000000"), a string as it is; else "".
std::string Text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return Stringify(value);
  return {};
}

}  // namespace

CamApi::CamApi(redis::Client& redis, const auth::TokenAuth& auth, const cloud::TencentApi& api,
               const cloud::CosClient& cos)
    : redis_(redis), auth_(auth), api_(api), cos_(cos) {}

Json CamApi::Versions(const http::Request&) const { return {{"version", kVersion}}; }

std::string CamApi::Region(const Json& body) const {
  std::string region = http::OptionalString(body, "region").value_or("");
  if (region.empty()) region = redis_.Hget(redis::keys::kSrsTencentLh, "region").value_or("");
  if (region.empty()) {
    throw http::BadArgs(ErrorCode::kSysInvalid,
                        "no region: neither the request nor SRS_TENCENT_LH names one");
  }
  if (!cloud::IsTencentRegion(region)) {
    throw http::BadArgs(ErrorCode::kSysInvalid,
                        "region " + region.substr(0, 64) +
                            " is not a Tencent Cloud region (ap-..., na-..., eu-..., sa-...)");
  }
  return region;
}

Json CamApi::Secret(const http::Request& request) const {
  const Json& body = request.json;
  auth_.VerifyBody(body);
  cloud::CamAccount account;
  account.credentials.secret_id = http::RequiredString(body, "secretId", "no param secretId");
  account.credentials.secret_key = http::RequiredString(body, "secretKey", "no param secretKey");
  RequireKeyShape("secretId", account.credentials.secret_id);
  RequireKeyShape("secretKey", account.credentials.secret_key);
  const std::string region = Region(body);

  // The key pair proves itself before anything is stored (a Tencent error propagates as 500).
  const Json identity = api_.Call(account.credentials, cloud::kCamGetUserAppId, Json::object());
  account.app_id = Text(identity.value("AppId", Json()));
  if (account.app_id.empty()) throw http::BadArgs(ErrorCode::kSysAuth, "query appId failed");
  account.uin = Text(identity.value("OwnerUin", Json()));
  cloud::StoreCamAccount(redis_, account);
  // The original logs the SecretId and only the key's length; so do we.
  spdlog::info("tencent: CAM ok, appId={} uin={} secretId={} secretKey={}B region={}",
               account.app_id, account.uin, account.credentials.secret_id,
               account.credentials.secret_key.size(), region);

  cloud::EnsureCosBucket(redis_, cos_, region);
  cloud::EnsureVodService(redis_, api_, region);
  spdlog::info("tencent: COS and VoD ready in {}", region);
  return nullptr;
}

}  // namespace sc::tencent
