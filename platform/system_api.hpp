#pragma once
#include "common/auth/token_auth.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "platform/mgmt_client.hpp"
#include "platform/release_query.hpp"

namespace sc::platform {

// Version and upgrade routes of spec/platform.md §4.8-§4.10, §4.18-§4.19: status, upgrade,
// strategy, window/query, window/update. All need a token.
class SystemApi {
 public:
  SystemApi(redis::Client& redis, const auth::TokenAuth& auth, const MgmtClient& mgmt,
            ReleaseQuery& releases);

  Json Status(const http::Request& request) const;
  Json Upgrade(const http::Request& request) const;
  Json Strategy(const http::Request& request) const;
  Json WindowQuery(const http::Request& request) const;
  Json WindowUpdate(const http::Request& request) const;

 private:
  redis::Client& redis_;
  const auth::TokenAuth& auth_;
  const MgmtClient& mgmt_;
  ReleaseQuery& releases_;
};

// An integer stored as text in a Redis hash field; nullopt when absent or not an integer.
std::optional<int> HashInt(redis::Client& redis, std::string_view key, std::string_view field);

// "v1.2.3" or "v1.2.3-rc.1": the only upgrade targets passed on to mgmt.
bool IsReleaseVersion(const std::string& version);

}  // namespace sc::platform
