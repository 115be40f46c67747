#pragma once
#include <string>

#include "common/auth/token_auth.hpp"
#include "common/cloud/cos_client.hpp"
#include "common/cloud/tencent_api.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"

namespace sc::tencent {

// Handlers of tencent/index.js (spec/tencent.md §2): the version, and the Tencent Cloud key
// pair with the COS bucket and VoD service it provisions.
class CamApi {
 public:
  CamApi(redis::Client& redis, const auth::TokenAuth& auth, const cloud::TencentApi& api,
         const cloud::CosClient& cos);

  // data {version}; no auth.
  Json Versions(const http::Request& request) const;

  // {token, secretId, secretKey[, region]} -> {"code":0}. Order: token; both keys present
  // (1000/422) and well-formed (1004/422); a Tencent region (the body's, else
  // SRS_TENCENT_LH.region; 1004/422); CAM GetUserAppId accepts the pair (Tencent's error ->
  // 500 code 1 "<Code>: <Message>"; no AppId -> 1006/422). Nothing is written to Redis before
  // that. Then SRS_TENCENT_CAM is stored and the COS bucket and VoD service are set up (errors
  // -> 500, the stored account stays, and a retry resumes where it stopped).
  Json Secret(const http::Request& request) const;

 private:
  // The region to provision in; ApiError 1004/422 when there is none or it is not Tencent's.
  std::string Region(const Json& body) const;

  redis::Client& redis_;
  const auth::TokenAuth& auth_;
  const cloud::TencentApi& api_;
  const cloud::CosClient& cos_;
};

}  // namespace sc::tencent
