// The built srs-cloud-mgmt with the real daemons behind it, a real Redis and, for the front, a
// real nginx: the routing table end to end, supervision, and stopping.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/process/spawn.hpp"
#include "mgmt/host_info.hpp"
#include "tests/mgmt/docker_engine.hpp"
#include "tests/mgmt/mgmt_stack.hpp"

namespace sc::mgmt {
namespace {

using MgmtBinaryTest = MgmtStackTest;

TEST_F(MgmtBinaryTest, RoutesEveryPrefixToItsDaemon) {
  Start();
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/terraform/v1/host/versions").status, 200);
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/terraform/v1/hooks/versions").status, 200);
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/terraform/v1/releases/versions").status, 200);
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/mgmt/").body, "dashboard");
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/favicon.ico").body, "icon");
  const auto root = test::Fetch(mgmt_port_, "GET", "/");
  EXPECT_EQ(root.status, 302);
  EXPECT_EQ(root.headers.Get("Location").value_or(""), "/mgmt/");
  // Platform through mgmt: bootstrap wrote SRS_TENCENT_LH and hooks the publish secret.
  EXPECT_EQ(
      test::PostJson(mgmt_port_, "/terraform/v1/mgmt/init", R"({"password":"pw-123456"})").status,
      200);
  const auto login =
      test::PostJson(mgmt_port_, "/terraform/v1/mgmt/login", R"({"password":"pw-123456"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = Json::parse(login.body)["data"]["token"];
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/terraform/v1/mgmt/check").status, 200);
  const auto secret = test::PostJson(mgmt_port_, "/terraform/v1/hooks/srs/secret/query",
                                     R"({"token":")" + token + R"("})");
  EXPECT_EQ(secret.status, 200) << secret.body;
  // The legacy SRS callback path reaches hooks' verify (an engine-only route: mgmt is local).
  const auto legacy = test::PostJson(
      mgmt_port_, "/terraform/v1/mgmt/srs/hooks",
      R"({"action":"on_connect","client_id":"1","ip":"127.0.0.1","vhost":"__defaultVhost__","app":"live","tcUrl":"rtmp://127.0.0.1/live","stream_url":"/live"})");
  EXPECT_EQ(legacy.status, 200) << legacy.body;
  // A daemon that is not running answers 503 in the envelope; the engine's pages 503 empty.
  const auto ffmpeg = test::Fetch(mgmt_port_, "GET", "/terraform/v1/ffmpeg/versions");
  EXPECT_EQ(ffmpeg.status, 503);
  EXPECT_EQ(Json::parse(ffmpeg.body)["code"], 1);
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/live/livestream.flv").status, 503);
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/nothing/here").status, 404);
}

TEST_F(MgmtBinaryTest, HostExecThroughMgmtsOwnProxyOrWithForwardedHeadersIsRefused) {
  Start();
  const auto forwarded =
      test::Fetch(mgmt_port_, "POST", "/terraform/v1/host/exec", R"({"token":"x","action":"cwd"})",
                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.1"}});
  EXPECT_EQ(forwarded.status, 403);
  const auto direct =
      test::PostJson(mgmt_port_, "/terraform/v1/host/exec", R"({"token":"x","action":"cwd"})");
  EXPECT_EQ(direct.status, 401);  // reaches the token check
}

// A peer on this machine's own network address is not loopback: the host RPC refuses it even
// though mgmt listens there (as it does without an nginx in front).
TEST_F(MgmtBinaryTest, HostExecFromANonLoopbackPeerIsRefused) {
  const Json ipv4 = DetectPrivateIpv4();
  if (ipv4["internal"].get<bool>()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address";
  Start("LISTEN_ADDRESS=0.0.0.0\n");
  const std::string address = ipv4["address"];
  http::ClientRequest request;
  request.method = "POST";
  request.url = "http://" + address + ":" + std::to_string(mgmt_port_) + "/terraform/v1/host/exec";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = R"({"token":"x","action":"cwd"})";
  const auto answer = http::Fetch(request);
  EXPECT_EQ(answer.status, 403) << answer.body;
  EXPECT_EQ(Json::parse(answer.body)["code"], 1006);
  request.url =
      "http://" + address + ":" + std::to_string(mgmt_port_) + "/terraform/v1/host/versions";
  request.method = "GET";
  request.body.clear();
  EXPECT_EQ(http::Fetch(request).status, 200);  // the same listener, reached from that address
}

TEST_F(MgmtBinaryTest, AKilledDaemonComesBack) {
  Start();
  const auto hooks_pid = [this]() -> pid_t {
    for (pid_t child : ChildrenOf(mgmt_->pid())) {
      std::ifstream cmdline("/proc/" + std::to_string(child) + "/cmdline");
      std::string command;
      std::getline(cmdline, command, '\0');
      if (command.ends_with("srs-cloud-hooks")) return child;
    }
    return -1;
  };
  const pid_t first = hooks_pid();
  ASSERT_GT(first, 0);
  kill(first, SIGKILL);
  EXPECT_TRUE(WaitUntil(
      [&] {
        const pid_t now = hooks_pid();
        return now > 0 && now != first;
      },
      10s));
  EXPECT_TRUE(test::WaitForHttp(mgmt_port_, "/terraform/v1/hooks/versions", 10s));
  std::ifstream log(home_.path() + "/logs/hooks.log");
  const std::string text(std::istreambuf_iterator<char>(log), {});
  EXPECT_NE(text.find("ended: signal 9"), std::string::npos) << text;
}

TEST_F(MgmtBinaryTest, SigtermStopsEveryChildWithinTheBound) {
  Start();
  const std::vector<pid_t> children = ChildrenOf(mgmt_->pid());
  ASSERT_EQ(children.size(), 3u);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(mgmt_->Stop(10s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 6s);
  for (pid_t child : children) EXPECT_FALSE(test::IsRunning(child)) << child;
}

TEST_F(MgmtBinaryTest, SigkillOfMgmtLeavesNoOrphans) {
  Start();
  const std::vector<pid_t> children = ChildrenOf(mgmt_->pid());
  ASSERT_EQ(children.size(), 3u);
  mgmt_->Signal(SIGKILL);
  mgmt_->Wait(5s);
  for (pid_t child : children) {
    EXPECT_TRUE(WaitUntil([child] { return !test::IsRunning(child); }, 5s)) << "orphan " << child;
  }
}

TEST_F(MgmtBinaryTest, RendersConfigsIntoTheRuntimeFolder) {
  Start();
  const fs::path conf = home_.path() + "/containers/conf";
  for (const char* name : {"nginx.conf", "nginx-rtmp.conf", "srs.conf", "prometheus.yml"}) {
    std::ifstream in(conf / name);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_EQ(text.find("{{"), std::string::npos) << name << " has a hole";
  }
  std::ifstream srs(conf / "srs.conf");
  const std::string text(std::istreambuf_iterator<char>(srs), {});
  EXPECT_NE(
      text.find("http://127.0.0.1:" + std::to_string(hooks_port_) + "/terraform/v1/hooks/srs/hls"),
      std::string::npos);
}

// The rendered public site in front of mgmt, served by a real nginx.
TEST_F(MgmtBinaryTest, NginxFrontServesTheStackAndBlocksHostExec) {
  if (!process::FindProgram("nginx"))
    GTEST_SKIP() << "nginx is not installed (auto/setup installs it)";
  const auto http_port = test::FreePort();
  Start("FRONT_NGINX=true\nPUBLIC_HTTP_PORT=" + std::to_string(http_port) +
        "\nPUBLIC_HTTPS_PORT=" + std::to_string(test::FreePort()) + "\n");
  ASSERT_TRUE(test::WaitForHttp(http_port, "/terraform/v1/mgmt/versions", 10s)) << mgmt_->ReadLog();
  EXPECT_EQ(test::Fetch(http_port, "GET", "/mgmt/").body, "dashboard");
  EXPECT_EQ(test::Fetch(http_port, "GET", "/terraform/v1/hooks/versions").status, 200);
  EXPECT_EQ(test::PostJson(http_port, "/terraform/v1/host/exec", R"({"action":"cwd"})").status,
            404);
  // HLS straight from the engine's folder.
  fs::create_directories(home_.path() + "/containers/objs/nginx/html/live");
  std::ofstream(home_.path() + "/containers/objs/nginx/html/live/demo.m3u8") << "#EXTM3U\n";
  const auto playlist = test::Fetch(http_port, "GET", "/live/demo.m3u8");
  EXPECT_EQ(playlist.status, 200);
  EXPECT_EQ(playlist.body, "#EXTM3U\n");
  // The front stops with mgmt.
  EXPECT_EQ(mgmt_->Stop(10s), 0);
  EXPECT_FALSE(test::PortAcceptsConnections(http_port));
}

// MGMT_RUNTIME=docker end to end: mgmt chooses the engine, keeps srs-server out of its own
// processes, and platform's market cycle starts it through host exec as a container built from
// the catalogue (the test image's placeholder at ./objs/srs prints the mounted config's listen
// line), while our daemons stay processes.
TEST_F(MgmtBinaryTest, UnderDockerTheMarketCycleStartsTheEngineAsAContainer) {
  test::DockerEngine engine;
  if (!engine.unavailable().empty()) GTEST_SKIP() << "no Docker engine here: " << engine.unavailable();
  Start("", {{"MGMT_RUNTIME", "docker"}, {"DOCKER_HOST", "unix://" + engine.socket()},
             {"MEDIA_ENGINE", "srs"}, {"SRS_IMAGE", test::DockerEngine::kImage}, {"DOCKER_PULL", "false"}});
  std::optional<Json> container;
  std::string out;
  ASSERT_TRUE(WaitUntil([&] {
    container = engine.client().Inspect("srs-server");
    if (!container || !(*container)["State"]["Running"].get<bool>()) return false;
    out = engine.client().Logs("srs-server").out;
    return !out.empty();
  }, 40s)) << mgmt_->ReadLog();
  const Json& config = (*container)["Config"];
  EXPECT_EQ(config["Image"], test::DockerEngine::kImage);
  ASSERT_EQ(config["Cmd"].size(), 3u);
  const std::string conf = config["Cmd"][2];
  std::ifstream rendered(conf);
  std::string listen;
  while (std::getline(rendered, listen) && !listen.starts_with("listen ")) {
  }
  EXPECT_EQ(out, listen + "\n");  // the container read the rendered file at its host path
  EXPECT_EQ((*container)["HostConfig"]["NetworkMode"], "host");
  EXPECT_EQ((*container)["HostConfig"]["LogConfig"]["Config"]["max-size"], "3g");
  EXPECT_FALSE(engine.client().Inspect("srs-dev"));  // platform disables the second flavour
  // hooks is still mgmt's child process, not a container.
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/terraform/v1/hooks/versions").status, 200);
  EXPECT_FALSE(engine.client().Inspect("srs-hooks"));
  mgmt_->Stop();
}

TEST_F(MgmtBinaryTest, ForcedDockerWithoutAnEngineStopsAtStart) {
  std::ofstream(home_.path() + "/.env") << "REDIS_PORT=" << redis_.port()
                                         << "\nREDIS_PASSWORD=" << redis_.password()
                                         << "\nMGMT_PORT=" << mgmt_port_ << "\nMGMT_SERVICES=\n";
  test::ChildProcess mgmt({test::BinaryPath("srs-cloud-mgmt")},
                          {{"SRS_CLOUD_HOME", home_.path()}, {"MGMT_RUNTIME", "docker"},
                           {"DOCKER_HOST", "unix://" + home_.path() + "/none.sock"}},
                          home_.path() + "/mgmt.out");
  mgmt.Start();
  const auto status = mgmt.Wait(15s);
  ASSERT_TRUE(status) << mgmt.ReadLog();
  EXPECT_NE(*status, 0);
  EXPECT_NE(mgmt.ReadLog().find("MGMT_RUNTIME=docker but no Docker engine answers at " + home_.path() +
                                "/none.sock"),
            std::string::npos)
      << mgmt.ReadLog();
}

}  // namespace
}  // namespace sc::mgmt
