#pragma once
#include <string_view>

#include "common/cloud/credentials.hpp"
#include "common/cloud/tencent_endpoints.hpp"
#include "common/cloud/tencent_error.hpp"
#include "common/json.hpp"

namespace sc::cloud {

// One action of a Tencent Cloud API 3.0 service (spec/tencent.md §3.1).
struct TencentAction {
  std::string_view service;  // the host's first label: cam, vod
  std::string_view version;
  std::string_view name;
};

inline constexpr TencentAction kCamGetUserAppId{"cam", "2019-01-16", "GetUserAppId"};
inline constexpr TencentAction kVodCreateService{"vod", "2018-07-17", "CreateService"};
inline constexpr TencentAction kVodCreateStorageRegion{"vod", "2018-07-17", "CreateStorageRegion"};
inline constexpr TencentAction kVodDescribeTranscodeTemplates{"vod", "2018-07-17",
                                                              "DescribeTranscodeTemplates"};
inline constexpr TencentAction kVodDescribeVodDomains{"vod", "2018-07-17", "DescribeVodDomains"};

// Client of the Tencent Cloud API 3.0 (spec/tencent.md §3): POST of compact JSON, signed with
// TC3-HMAC-SHA256. Stateless; safe from any thread.
class TencentApi {
 public:
  explicit TencentApi(TencentEndpoints endpoints);

  // Calls `action` with `request` (null members dropped, recursively), with X-TC-Region when
  // `region` is not empty. Returns the "Response" object. Throws TencentError: Tencent's
  // Error.Code/Message, or an empty code for transport failures, HTTP statuses other than 200
  // and answers without a Response object.
  Json Call(const TencentCredentials& credentials, const TencentAction& action, const Json& request,
            std::string_view region = {}) const;

  const TencentEndpoints& endpoints() const { return endpoints_; }

 private:
  const TencentEndpoints endpoints_;
};

// `value` without members whose value is null, at any depth (JSON.stringify of the SDK's
// cleaned request).
Json WithoutNulls(const Json& value);

}  // namespace sc::cloud
