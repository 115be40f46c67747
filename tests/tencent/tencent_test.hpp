#pragma once
#include <gtest/gtest.h>

#include <map>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/cloud/cos_client.hpp"
#include "common/cloud/tencent_api.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/redis/keys.hpp"
#include "tencent/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"
#include "tests/support/tencent_stand_in.hpp"

namespace sc::tencent {

namespace keys = redis::keys;

// The tencent routes on an ephemeral port with a real Redis, and Tencent Cloud answered by
// test::TencentStandIn (a loopback stand-in: the internet service cannot be reached here),
// which knows one account: kSecretId/kSecretKey of app 1250000000.
class TencentStandInTest : public test::RedisTest {
 protected:
  static constexpr const char* kSecretId = "AKIDstandin00000000000000000000000001";
  static constexpr const char* kSecretKey = "standinSecretKey0000000000000001";
  static constexpr const char* kAppId = "1250000000";
  static constexpr const char* kUin = "100000000001";
  static constexpr const char* kRegion = "ap-guangzhou";

  TencentStandInTest() {
    stand_in_.AddAccount(kSecretId, {.secret_key = kSecretKey, .app_id = kAppId, .uin = kUin});
    secret_.Ensure();
    RegisterRoutes(router_, cam_);
    port_ = server_.Start();
  }

  http::ClientResponse Post(const std::string& route, const Json& body) {
    return test::PostJson(port_, "/terraform/v1/tencent/" + route, Stringify(body));
  }
  std::string Token() { return auth_.Issue().token; }
  // {token, secretId, secretKey} as the dashboard posts it.
  Json SecretBody(const std::string& secret_id = kSecretId,
                  const std::string& secret_key = kSecretKey) {
    return {{"token", Token()}, {"secretId", secret_id}, {"secretKey", secret_key}};
  }
  void SetRegion(const std::string& region) { redis().Hset(keys::kSrsTencentLh, "region", region); }
  std::map<std::string, std::string> Hash(std::string_view key) {
    std::map<std::string, std::string> out;
    for (auto& [field, value] : redis().Hgetall(key)) out[field] = value;
    return out;
  }
  cloud::TencentCredentials Credentials() const {
    return {.secret_id = kSecretId, .secret_key = kSecretKey};
  }
  void StoreAccount() {
    redis().Command({"HSET", keys::kSrsTencentCam, "appId", kAppId, "secretId", kSecretId,
                     "secretKey", kSecretKey, "uin", kUin});
  }

  test::TencentStandIn stand_in_;
  test::TempDir home_;
  config::Settings settings_{home_.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  auth::ApiSecret secret_{redis(), settings_};
  const auth::TokenAuth auth_{secret_, settings_};
  const cloud::TencentEndpoints endpoints_{
      .api = stand_in_.url(), .cos = stand_in_.url(), .timeout = std::chrono::milliseconds(5000)};
  const cloud::TencentApi api_{endpoints_};
  const cloud::CosClient cos_{endpoints_};
  const CamApi cam_{redis(), auth_, api_, cos_};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2, .access_log = false}};
  std::uint16_t port_ = 0;
};

}  // namespace sc::tencent
