#pragma once
#include <gtest/gtest.h>

#include <filesystem>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "platform/housekeeping.hpp"
#include "platform/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/recording_mgmt.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::platform {

// The platform's real router and server on an ephemeral port, a real Redis, and mgmt's host RPC
// answered by test::RecordingMgmt (a loopback stand-in: the mgmt daemon does not exist yet).
class PlatformWithRecordingMgmtTest : public test::RedisTest {
 protected:
  PlatformWithRecordingMgmtTest() {
    std::filesystem::create_directories(ui_dir());
    std::filesystem::create_directories(acme_dir());
    secret_.Ensure();
    RegisterRoutes(router_, {auth_api_, system_api_, settings_api_, ui_});
    port_ = server_.Start();
  }

  // POST a JSON body; `token` is added when given.
  http::ClientResponse Post(const std::string& route, Json body = Json::object()) {
    return test::PostJson(port_, "/terraform/v1/mgmt/" + route, Stringify(body));
  }
  Json PostJsonAnswer(const std::string& route, Json body = Json::object()) {
    return Json::parse(Post(route, std::move(body)).body);
  }
  std::string Token() { return auth_.Issue().token; }
  Json WithToken(Json body = Json::object()) {
    body["token"] = Token();
    return body;
  }
  void SetPassword(const std::string& password) { settings_.Save({{"MGMT_PASSWORD", password}}); }

  std::filesystem::path ui_dir() const { return std::filesystem::path(home_.path()) / "ui"; }
  std::filesystem::path acme_dir() const {
    return std::filesystem::path(home_.path()) / "containers/www/.well-known/acme-challenge";
  }

  test::TempDir home_;
  test::RecordingMgmt mgmt_stand_in_;
  config::Settings settings_{home_.path(), {}};
  auth::ApiSecret secret_{redis(), settings_};
  const auth::TokenAuth auth_{secret_, settings_};
  const MgmtClient mgmt_{mgmt_stand_in_.url(), auth_};
  ReleaseQuery releases_{redis(), mgmt_, settings_};
  LoginLimiter limiter_{5, std::chrono::seconds(60)};
  std::string bilibili_url_ = "http://127.0.0.1:1";
  const AuthApi auth_api_{redis(), settings_, secret_, auth_, mgmt_, limiter_};
  const SystemApi system_api_{redis(), auth_, mgmt_, releases_};
  SettingsApi settings_api_{redis(), auth_, mgmt_, {.base_url = bilibili_url_}};
  const UiFiles ui_{ui_dir(), acme_dir()};
  Housekeeping housekeeping_{redis(), secret_, mgmt_, releases_, settings_};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2, .access_log = false}};
  std::uint16_t port_ = 0;
};

}  // namespace sc::platform
