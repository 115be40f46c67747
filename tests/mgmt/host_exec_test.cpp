// /terraform/v1/host/exec (spec/mgmt.md §3, port-decisions.md §4) with a real Redis, the
// process runtime over a real supervisor, and real files.
#include <signal.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/auth/api_secret.hpp"
#include "common/auth/jwt.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/envelope.hpp"
#include "common/http/router.hpp"
#include "common/redis/keys.hpp"
#include "mgmt/host_exec.hpp"
#include "mgmt/process_runtime.hpp"
#include "mgmt/routes.hpp"
#include "tests/mgmt/tls_files.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::mgmt {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class HostExecTest : public test::RedisTest {
 protected:
  HostExecTest()
      : settings_(home_.path(), {{"REDIS_PORT", std::to_string(server().port())},
                                 {"REDIS_PASSWORD", server().password()},
                                 {"NGINX_PID_FILE", home_.path() + "/nginx.pid"},
                                 {"SSH_SUPPORT_PUBKEY", "ssh-ed25519 AAAAC3Nza support@srs-cloud"},
                                 {"AUTHORIZED_KEYS", home_.path() + "/ssh/authorized_keys"}}),
        secret_(redis(), settings_),
        auth_(secret_, settings_),
        supervisor_({ServiceSpec{.name = "srs-server", .argv = {"/bin/sleep", "60"}},
                     ServiceSpec{.name = "hooks", .argv = {"/bin/sleep", "60"}}},
                    SupervisorOptions{.log_dir = home_.path() + "/logs", .backoff_initial = 100ms}),
        runtime_(supervisor_, {{"srs-server", "srs-server"}, {"srs-hooks", "hooks"}}),
        ops_(settings_),
        exec_(auth_, settings_, redis(), runtime_, ops_) {
    secret_.Ensure();
    RegisterRoutes(router_, exec_, {});
    supervisor_.Start();
    supervisor_.WaitRunning("hooks", 5s);
  }

  http::Response Call(const Json& body, const std::string& peer = "127.0.0.1",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request request;
    request.method = "POST";
    request.target = request.path = "/terraform/v1/host/exec";
    request.body = body.dump();
    request.headers.Add("Content-Type", "application/json");
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    request.remote_address = peer;
    return router_.Dispatch(request);
  }

  Json Action(const std::string& action, Json args) {
    return {{"token", auth::CreateToken(secret_.Get(), std::chrono::system_clock::now()).token},
            {"action", action}, {"args", std::move(args)}};
  }

  static Json Body(const http::Response& response) { return Json::parse(response.body); }

  test::TempDir home_;
  config::Settings settings_;
  auth::ApiSecret secret_;
  auth::TokenAuth auth_;
  Supervisor supervisor_;
  ProcessRuntime runtime_;
  HostOps ops_;
  HostExec exec_;
  http::Router router_;
};

TEST_F(HostExecTest, RefusesANonLoopbackPeer) {
  const auto response = Call(Action("cwd", Json::array()), "192.0.2.10");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(Body(response)["code"], 1006);
}

TEST_F(HostExecTest, RefusesARequestThatCameThroughAProxy) {
  for (const char* header : {"X-Forwarded-For", "X-Real-IP", "Forwarded"}) {
    const auto response = Call(Action("cwd", Json::array()), "127.0.0.1", {{header, "198.51.100.7"}});
    EXPECT_EQ(response.status, 403) << header;
  }
}

TEST_F(HostExecTest, TokenAndActionChecksInTheSpecOrder) {
  auto response = Call({{"action", "cwd"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(Body(response)["data"]["message"], "no token");
  response = Call({{"token", "x"}});
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(Body(response)["data"]["message"], "no action");
  response = Call({{"token", "x"}, {"action", "xxx"}});
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(Body(response)["code"], 1004);
  response = Call({{"token", "garbage"}, {"action", "cwd"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_NE(Body(response)["code"], 0);
  response = Call({{"token", auth::CreateToken("srs-v1-other", std::chrono::system_clock::now()).token},
                   {"action", "cwd"}});
  EXPECT_EQ(response.status, 401);
  response = Call(Action("cwd", "not-an-array"));
  EXPECT_EQ(response.status, 422);
}

TEST_F(HostExecTest, InformationActions) {
  EXPECT_EQ(Body(Call(Action("cwd", Json::array())))["data"]["cwd"], home_.path());
  EXPECT_EQ(Body(Call(Action("hostPlatform", Json::array())))["data"]["platform"], "linux");
  const Json version = Body(Call(Action("queryVersion", Json::array())));
  EXPECT_EQ(version["data"]["version"].get<std::string>().front(), 'v');
  const Json ipv4 = Body(Call(Action("ipv4", Json::array())))["data"];
  EXPECT_EQ(ipv4["family"], "IPv4");
  EXPECT_FALSE(ipv4["address"].get<std::string>().empty());
}

TEST_F(HostExecTest, FetchRemoveAndStartAContainerThroughTheProcessRuntime) {
  Json fetched = Body(Call(Action("fetchContainer", {"srs-hooks", "hooks"})))["data"];
  EXPECT_EQ(fetched["all"]["State"], "running");
  EXPECT_TRUE(IsTruthy(fetched["running"]["ID"]));
  const pid_t pid = supervisor_.Status("hooks")->pid;

  EXPECT_EQ(Call(Action("rmContainer", {"srs-hooks"})).status, 200);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (supervisor_.Status("hooks")->pid > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(kill(pid, 0), 0) << "the process is still there";
  fetched = Body(Call(Action("fetchContainer", {"srs-hooks"})))["data"];
  EXPECT_EQ(fetched["all"], Json::object());
  EXPECT_EQ(fetched["running"], Json::object());

  // Caller-given docker arguments are not used: the catalogue decides what runs.
  EXPECT_EQ(Call(Action("startContainer", {"srs-hooks", {"run", "-v", "/:/host", "--privileged"}})).status, 200);
  ASSERT_TRUE(supervisor_.WaitRunning("hooks", 5s));
  EXPECT_NE(supervisor_.Status("hooks")->pid, pid);

  // Unknown names and names with shell or docker-filter tricks.
  EXPECT_EQ(Body(Call(Action("fetchContainer", {"nothing"})))["data"]["all"], Json::object());
  EXPECT_EQ(Call(Action("fetchContainer", {"srs; rm -rf /"})).status, 422);
  EXPECT_EQ(Call(Action("startContainer", {"nothing"})).status, 422);
  EXPECT_EQ(Call(Action("rmContainer", Json::array())).status, 422);
}

TEST_F(HostExecTest, QueryContainersReportsStateAndTheDisabledFlag) {
  redis().Hset(redis::keys::kSrsContainerDisabled, "srs-server", "true");
  const Json containers =
      Body(Call(Action("queryContainers", {"srs", "hooks", "unknownKey"})))["data"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["name"], "srs-server");
  EXPECT_EQ(containers[0]["enabled"], false);
  EXPECT_EQ(containers[0]["container"]["State"], "running");
  EXPECT_EQ(containers[1]["name"], "srs-hooks");
  EXPECT_EQ(containers[1]["enabled"], true);
  EXPECT_EQ(Call(Action("queryContainers", Json::array())).status, 422);
}

TEST_F(HostExecTest, UpdateSslFileReplacesKeyAndCertificateAndReloadsTheFront) {
  // A stand-in for the front nginx: a real process that records the reload signal.
  const std::string hups = home_.path() + "/hups";
  test::ChildProcess front({"/bin/sh", "-c", "trap 'echo hup >> " + hups + "' HUP; while :; do sleep 0.05; done"},
                           {}, home_.path() + "/front.log");
  front.Start();
  std::this_thread::sleep_for(200ms);
  std::ofstream(home_.path() + "/nginx.pid") << front.pid();
  fs::create_directories(home_.path() + "/containers/ssl");
  fs::create_symlink("/etc/hostname", home_.path() + "/containers/ssl/nginx.crt");  // a stale link
  const test::PemPair pair = test::SelfSignedPair(home_.path(), "site");

  const auto response = Call(Action("updateSslFile", {pair.key, pair.crt}));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(test::ReadWholeFile(home_.path() + "/containers/ssl/nginx.key"), pair.key);
  EXPECT_EQ(test::ReadWholeFile(home_.path() + "/containers/ssl/nginx.crt"), pair.crt);
  EXPECT_FALSE(fs::is_symlink(home_.path() + "/containers/ssl/nginx.crt"));
  EXPECT_EQ(fs::status(home_.path() + "/containers/ssl/nginx.key").permissions() & fs::perms::others_read,
            fs::perms::none);
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!fs::exists(hups) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(fs::exists(hups)) << "nginx was not reloaded";

  EXPECT_EQ(Body(Call(Action("updateSslFile", {pair.key})))["data"]["message"], "no crt");
  EXPECT_EQ(Call(Action("updateSslFile", {"not a key", pair.crt})).status, 422);
}

TEST_F(HostExecTest, ValidatesTargetsAndDomainsBeforeRunningAnything) {
  for (const char* target : {"--upload-pack=touch /tmp/x", "v1.2", "../x", "main; reboot"}) {
    const auto response = Call(Action("execUpgrade", {target}));
    EXPECT_EQ(response.status, 422) << target;
  }
  for (const char* domain : {"../../etc", "a b.com", "-x.com", "a..b"}) {
    const auto response = Call(Action("updateLetsEncrypt", {domain}));
    EXPECT_EQ(response.status, 422) << domain;
  }
  EXPECT_EQ(Call(Action("refreshVersion", Json::array())).status, 422);
}

TEST_F(HostExecTest, AccessSshAddsAndRemovesOnlyTheSupportKey) {
  fs::create_directories(home_.path() + "/ssh");
  std::ofstream(home_.path() + "/ssh/authorized_keys") << "ssh-rsa AAAA owner@laptop\n";
  EXPECT_EQ(Call(Action("accessSsh", {"enable"})).status, 200);
  EXPECT_EQ(Call(Action("accessSsh", {"enable"})).status, 200);  // once, not twice
  std::ifstream in(home_.path() + "/ssh/authorized_keys");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}),
            "ssh-rsa AAAA owner@laptop\nssh-ed25519 AAAAC3Nza support@srs-cloud\n");
  EXPECT_EQ(Call(Action("accessSsh", {"disable"})).status, 200);
  std::ifstream again(home_.path() + "/ssh/authorized_keys");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(again), {}), "ssh-rsa AAAA owner@laptop\n");
  EXPECT_EQ(Call(Action("accessSsh", {"maybe"})).status, 422);
}

TEST_F(HostExecTest, ReloadEnvRereadsTheEnvFile) {
  std::ofstream(home_.path() + "/.env") << "CLOUD=fresh\n";
  EXPECT_EQ(settings_.Get("CLOUD"), "");
  EXPECT_EQ(Call(Action("reloadEnv", Json::array())).status, 200);
  EXPECT_EQ(settings_.Get("CLOUD"), "fresh");
}

}  // namespace
}  // namespace sc::mgmt
