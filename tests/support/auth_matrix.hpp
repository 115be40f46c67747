#pragma once
// The auth matrix every daemon's token-protected routes go through (no token, garbage, another
// secret, expired → 401; a valid token → accepted): the shared parts of those suites.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "common/auth/jwt.hpp"
#include "common/http/client.hpp"
#include "common/json.hpp"

namespace sc::test {

// A well-formed token signed with a secret the daemon does not have.
inline std::string TokenOfAnotherSecret() {
  return auth::CreateToken("srs-v1-another", std::chrono::system_clock::now()).token;
}

// A token signed with `secret` that expired long ago.
inline std::string ExpiredToken(const std::string& secret) {
  return auth::CreateToken(secret, std::chrono::system_clock::now() - std::chrono::hours(24 * 400)).token;
}

// HTTP 401 with `code` and a message that starts with `message_start`.
inline void ExpectRefusedAnswer(const http::ClientResponse& response, const std::string& route,
                                int code, const std::string& message_start) {
  EXPECT_EQ(response.status, 401) << route << " " << response.body;
  const Json answer = Json::parse(response.body, nullptr, false);
  EXPECT_EQ(answer.value("code", 0), code) << route << " " << response.body;
  EXPECT_EQ(answer["data"].value("message", std::string()).rfind(message_start, 0), 0u)
      << route << " " << response.body;
}

// A test name from a route: "forward/secret" -> "forward_secret".
struct RouteTestName {
  template <class ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    std::string name = info.param;
    std::replace(name.begin(), name.end(), '/', '_');
    return name;
  }
};

}  // namespace sc::test
