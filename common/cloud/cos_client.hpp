#pragma once
#include <string>

#include "common/cloud/cos_signer.hpp"
#include "common/cloud/credentials.hpp"
#include "common/cloud/tencent_endpoints.hpp"
#include "common/cloud/tencent_error.hpp"
#include "common/http/client.hpp"

namespace sc::cloud {

// One call of the COS XML API on a bucket (spec/tencent.md §5).
struct CosRequest {
  std::string method = "PUT";
  std::string bucket{};  // "<name>-<appId>"
  std::string region{};  // "ap-guangzhou"
  std::string key{};     // object key, un-encoded; empty for bucket calls
  NameValues params{};   // decoded query parameters, e.g. {{"policy", ""}}
  NameValues headers{};  // sent and signed, besides Host (and x-cos-security-token)
  std::string body{};
};

// Client of the COS XML API with the q-sign-algorithm=sha1 signature, every sent header
// signed. Stateless; safe from any thread.
class CosClient {
 public:
  explicit CosClient(TencentEndpoints endpoints);

  // Sends `request`; returns the answer when its status is 2xx. Throws TencentError: COS's
  // <Error><Code>/<Message>, or an empty code for transport failures and non-2xx answers
  // without an XML error.
  http::ClientResponse Send(const TencentCredentials& credentials, const CosRequest& request) const;

  // "<bucket>.cos.<region>.myqcloud.com"
  static std::string Host(const std::string& bucket, const std::string& region);
  // "/" + the key, one leading '/' of the key dropped (the SDK's behaviour).
  static std::string Path(const std::string& key);

 private:
  const TencentEndpoints endpoints_;
};

}  // namespace sc::cloud
