#pragma once
#include <chrono>
#include <string>

#include "common/auth/token_auth.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "platform/mgmt_client.hpp"

namespace sc::platform {

struct BilibiliOptions {
  std::string base_url = "https://api.bilibili.com";
  std::chrono::seconds cache_ttl{3 * 3600};
  std::chrono::milliseconds timeout{3000};
};

// Settings routes of spec/platform.md §4.11-§4.17: ssl, letsencrypt, pubkey, containers,
// bilibili, beian/query, beian/update.
class SettingsApi {
 public:
  SettingsApi(redis::Client& redis, const auth::TokenAuth& auth, const MgmtClient& mgmt,
              BilibiliOptions bilibili);

  Json Ssl(const http::Request& request) const;
  Json LetsEncrypt(const http::Request& request) const;
  Json Pubkey(const http::Request& request) const;
  Json Containers(const http::Request& request) const;
  Json Bilibili(const http::Request& request) const;
  Json BeianQuery(const http::Request& request) const;
  Json BeianUpdate(const http::Request& request) const;

 private:
  Json FetchBilibili(const std::string& bvid) const;

  redis::Client& redis_;
  const auth::TokenAuth& auth_;
  const MgmtClient& mgmt_;
  const BilibiliOptions bilibili_;
};

}  // namespace sc::platform
