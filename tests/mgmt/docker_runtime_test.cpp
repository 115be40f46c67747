// The Docker runtime: its catalogue as a pure function, the runtime choice, and the runtime on a
// real dockerd the fixture starts itself, alone and behind mgmt's host exec actions.
#include "mgmt/docker_runtime.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "common/auth/api_secret.hpp"
#include "common/auth/jwt.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/api_error.hpp"
#include "common/http/router.hpp"
#include "mgmt/host_exec.hpp"
#include "mgmt/host_ops.hpp"
#include "mgmt/process_runtime.hpp"
#include "mgmt/routes.hpp"
#include "mgmt/runtime_choice.hpp"
#include "tests/mgmt/docker_engine.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"
#include "tests/support/wait.hpp"

namespace sc::mgmt {
namespace {

using namespace std::chrono_literals;

const ContainerSpec* Find(const std::vector<ContainerSpec>& catalogue, const std::string& name) {
  for (const ContainerSpec& spec : catalogue) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

TEST(DockerCatalogueTest, ThirdPartyServicesWithTheSpecsLogRotationAndConfigurableImages) {
  test::TempDir home;
  const config::Settings settings(home.path(), {{"REGION", "ap-beijing"},
                                                {"SOURCE", "github"},
                                                {"SRS_IMAGE", "local/srs:5"},
                                                {"PROMETHEUS_PORT", "19090"},
                                                {"NODE_EXPORTER_PORT", "19100"}});
  const auto catalogue = DockerCatalogue(settings, "/conf");
  std::vector<std::string> names;
  for (const ContainerSpec& spec : catalogue) names.push_back(spec.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"srs-server", "srs-dev", "prometheus", "node-exporter"}));

  const ContainerSpec& srs = *Find(catalogue, "srs-server");
  EXPECT_EQ(srs.image, "local/srs:5");
  EXPECT_EQ(srs.command, (std::vector<std::string>{"./objs/srs", "-c", "/conf/srs.conf"}));
  const std::string hls = home.path() + "/containers/objs/nginx/html";
  EXPECT_EQ(srs.binds, (std::vector<std::string>{"/conf:/conf:ro", hls + ":" + hls}));
  EXPECT_EQ(srs.env, (std::vector<std::string>{"SRS_REGION=ap-beijing", "SRS_SOURCE=github"}));
  const Json body = CreateBody(srs);
  EXPECT_EQ(body["HostConfig"]["NetworkMode"], "host");
  EXPECT_EQ(body["HostConfig"]["RestartPolicy"]["Name"], "always");
  EXPECT_EQ(body["HostConfig"]["LogConfig"],
            (Json{{"Type", "json-file"}, {"Config", {{"max-size", "3g"}, {"max-file", "3"}}}}));
  EXPECT_FALSE(body["HostConfig"].contains("Privileged"));
  EXPECT_EQ(Find(catalogue, "srs-dev")->image, "ossrs/srs:6");

  const ContainerSpec& prometheus = *Find(catalogue, "prometheus");
  EXPECT_EQ(prometheus.image, "ossrs/prometheus");
  EXPECT_EQ(prometheus.user, "root");
  EXPECT_EQ(prometheus.log_max_size, "1g");
  EXPECT_EQ(prometheus.command[2], "--web.listen-address=127.0.0.1:19090");
  EXPECT_EQ(prometheus.binds[0], "/conf/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
  const Json exporter = CreateBody(*Find(catalogue, "node-exporter"));
  EXPECT_EQ(exporter["HostConfig"]["PidMode"], "host");
  EXPECT_EQ(exporter["HostConfig"]["Binds"], Json::array({"/:/host:ro,rslave"}));
  EXPECT_EQ(exporter["Cmd"],
            Json::array({"--path.rootfs=/host", "--web.listen-address=127.0.0.1:19100"}));
}

TEST(DockerCatalogueTest, EngineAndPrometheusSettingsLeaveEntriesOut) {
  test::TempDir home;
  for (const auto& [engine, binary] : {std::pair{"nginx-rtmp", ""}, std::pair{"none", ""},
                                       std::pair{"auto", "/opt/srs/objs/srs"}}) {
    const config::Settings settings(
        home.path(), {{"MEDIA_ENGINE", engine}, {"SRS_BINARY", binary}, {"PROMETHEUS", "false"}});
    EXPECT_TRUE(DockerCatalogue(settings, "/conf").empty()) << engine << " " << binary;
  }
  const config::Settings srs(home.path(),
                             {{"MEDIA_ENGINE", "srs"}, {"SRS_BINARY", "/opt/srs/objs/srs"}});
  EXPECT_TRUE(Find(DockerCatalogue(srs, "/conf"), "srs-server"));
}

using test::WaitUntil;

// A catalogue entry on the local busybox image; its command ends by itself.
ContainerSpec Busybox(const std::string& name) {
  return ContainerSpec{.name = name,
                       .image = test::DockerEngine::kImage,
                       .command = {"sh", "-c", "echo started; sleep 300"}};
}

class DockerRuntimeTest : public test::RedisTest {
 protected:
  static void SetUpTestSuite() {
    test::RedisTest::SetUpTestSuite();
    engine_ = std::make_unique<test::DockerEngine>();
  }
  static void TearDownTestSuite() {
    engine_.reset();
    test::RedisTest::TearDownTestSuite();
  }
  void SetUp() override {
    if (!engine_->unavailable().empty())
      GTEST_SKIP() << "no Docker engine here: " << engine_->unavailable();
  }
  const DockerClient& client() { return engine_->client(); }
  static inline std::unique_ptr<test::DockerEngine> engine_;
};

TEST_F(DockerRuntimeTest, StartInspectReplaceRemove) {
  DockerRuntime runtime(client(), {Busybox("srs-server")},
                        {.stop_grace = 1s, .pull_missing = false});
  EXPECT_TRUE(runtime.Knows("srs-server"));
  EXPECT_FALSE(runtime.Knows("srs-hooks"));
  EXPECT_FALSE(runtime.Inspect("srs-server", false));

  runtime.Start("srs-server");
  std::optional<Json> running;
  ASSERT_TRUE(
      WaitUntil([&] { return (running = runtime.Inspect("srs-server", true)).has_value(); }, 20s));
  EXPECT_EQ((*running)["ID"].get<std::string>().size(), 12u);
  EXPECT_EQ((*running)["Names"], "srs-server");
  EXPECT_EQ((*running)["Image"], test::DockerEngine::kImage);
  EXPECT_EQ((*running)["State"], "running");
  EXPECT_TRUE((*running)["Status"].get<std::string>().starts_with("Up")) << running->dump();
  const auto inspected = client().Inspect("srs-server").value();
  EXPECT_EQ(inspected["HostConfig"]["NetworkMode"], "host");
  EXPECT_EQ(inspected["HostConfig"]["LogConfig"]["Config"]["max-file"], "3");

  // Start again: the old container goes (docker rm -f + run, spec/mgmt.md §3.1).
  runtime.Start("srs-server");
  const auto again = runtime.Inspect("srs-server", false);
  ASSERT_TRUE(again);
  EXPECT_NE((*again)["ID"], (*running)["ID"]);
  EXPECT_EQ(client().List("srs-server", true).size(), 1u);

  runtime.Remove("srs-server");
  EXPECT_FALSE(runtime.Inspect("srs-server", false));
  EXPECT_FALSE(client().Inspect("srs-server"));
  EXPECT_NO_THROW(runtime.Remove("srs-server"));  // absent: quiet
  EXPECT_NO_THROW(runtime.Remove("srs-hooks"));   // not ours: quiet
}

TEST_F(DockerRuntimeTest, InspectRunningOnlyIgnoresAStoppedContainer) {
  DockerRuntime runtime(client(), {Busybox("prometheus")},
                        {.stop_grace = 1s, .pull_missing = false});
  runtime.Start("prometheus");
  client().Stop("prometheus", 1s);
  const auto all = runtime.Inspect("prometheus", false);
  ASSERT_TRUE(all);
  EXPECT_EQ((*all)["State"], "exited");
  EXPECT_FALSE(runtime.Inspect("prometheus", true));
}

TEST_F(DockerRuntimeTest, UnknownNameAndAbsentImageAreClearErrors) {
  ContainerSpec absent = Busybox("node-exporter");
  absent.image = "sc-test/absent:1";
  DockerRuntime offline(client(), {absent}, {.stop_grace = 1s, .pull_missing = false});
  try {
    offline.Start("srs-hooks");
    FAIL() << "no error";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.http_status(), 422);
  }
  try {
    offline.Start("node-exporter");
    FAIL() << "no error";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.http_status(), 500);
    EXPECT_EQ(std::string(e.what()),
              "docker image sc-test/absent:1 of node-exporter is not present, and pulling is off");
  }
  EXPECT_FALSE(client().Inspect("node-exporter"));

  // Pulling from a registry that does not answer: Docker's own reason reaches the caller.
  absent.image = "127.0.0.1:1/sc-test/absent:1";
  DockerRuntime pulling(client(), {absent}, {.stop_grace = 1s, .pull_missing = true});
  try {
    pulling.Start("node-exporter");
    FAIL() << "no error";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.http_status(), 500);
    EXPECT_NE(std::string(e.what()).find("docker pull 127.0.0.1:1/sc-test/absent:1"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(DockerRuntimeTest, EngineGoneIsAnErrorNotAnAbsentContainer) {
  test::TempDir dir;
  const DockerClient gone(dir.path() + "/none.sock", 2s);
  DockerRuntime runtime(gone, {Busybox("srs-server")});
  EXPECT_THROW(runtime.Inspect("srs-server", false), http::ApiError);
  EXPECT_THROW(runtime.Start("srs-server"), http::ApiError);
  EXPECT_THROW(runtime.Remove("srs-server"), http::ApiError);
}

TEST_F(DockerRuntimeTest, ChoiceFollowsMgmtRuntimeAndThePing) {
  test::TempDir home;
  const std::string live = "unix://" + engine_->socket();
  const std::string dead = "unix://" + home.path() + "/none.sock";
  const auto choose = [&home](std::map<std::string, std::string, std::less<>> env) {
    return ChooseRuntime(config::Settings(home.path(), std::move(env)));
  };
  const auto docker = choose({{"DOCKER_HOST", live}}).docker;  // auto is the default
  ASSERT_TRUE(docker);
  EXPECT_EQ(docker->socket_path(), engine_->socket());
  EXPECT_TRUE(choose({{"MGMT_RUNTIME", "docker"}, {"DOCKER_HOST", live}}).docker);
  EXPECT_FALSE(choose({{"MGMT_RUNTIME", "native"}, {"DOCKER_HOST", live}}).docker);
  EXPECT_FALSE(choose({{"MGMT_RUNTIME", "auto"}, {"DOCKER_HOST", dead}}).docker);
  EXPECT_FALSE(choose({{"DOCKER_HOST", "tcp://127.0.0.1:1"}}).docker);
  EXPECT_THROW(choose({{"MGMT_RUNTIME", "docker"}, {"DOCKER_HOST", dead}}), std::runtime_error);
  EXPECT_THROW(choose({{"MGMT_RUNTIME", "docker"}, {"DOCKER_HOST", "tcp://127.0.0.1:1"}}),
               std::invalid_argument);
  EXPECT_THROW(choose({{"MGMT_RUNTIME", "podman"}}), std::invalid_argument);
}

TEST_F(DockerRuntimeTest, RunOnceCollectsOutputAndStatusAndLeavesNothing) {
  const DockerRuntime runtime(client(), {}, {.stop_grace = 1s, .pull_missing = false});
  ContainerSpec spec{.name = "certbot-renew",
                     .image = test::DockerEngine::kImage,
                     .command = {"sh", "-c", "echo to stdout; echo to stderr >&2; exit 3"},
                     .transient = true};
  // A leftover of that name (a crash mid-run) does not stop the next run (spec/mgmt.md §6 note).
  client().Create(spec.name, CreateBody(spec));
  const CommandResult result = runtime.RunOnce(spec, 30s);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.output, "to stdout\nto stderr\n");
  EXPECT_FALSE(client().Inspect(spec.name));

  spec.command = {"sleep", "300"};
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(runtime.RunOnce(spec, 1s).exit_code, -1);  // timed out, and killed
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
  EXPECT_FALSE(client().Inspect(spec.name));
}

// Certbot under Docker: HostOps' renew through a transient container whose folders are mounted
// at their host paths, so its --post-hook signal file lands where mgmt looks for it.
TEST_F(DockerRuntimeTest, CertbotRenewRunsAsATransientContainer) {
  test::TempDir home;
  const config::Settings settings(home.path(),
                                  {{"CERTBOT_IMAGE", test::DockerEngine::kCertbotImage}});
  const ContainerSpec spec = CertbotSpec(settings, "certbot-renew", {"renew", "-n"});
  EXPECT_EQ(spec.binds.size(), 4u);
  EXPECT_EQ(spec.binds[3], home.path() + "/containers/www:" + home.path() + "/containers/www");
  EXPECT_EQ(CreateBody(spec)["HostConfig"]["RestartPolicy"]["Name"], "no");

  const DockerRuntime runtime(client(), {}, {.stop_grace = 1s, .pull_missing = false});
  int reloads = 0;
  const HostOps ops(
      settings, [&reloads] { return ++reloads > 0; },
      [&](const std::string& name, std::vector<std::string> args,
          std::chrono::milliseconds timeout) {
        return runtime.RunOnce(CertbotSpec(settings, name, std::move(args)), timeout);
      });
  // The site uses the Let's Encrypt certificate, so a renewal reloads it.
  const std::string live = home.path() + "/containers/etc/letsencrypt/live/example.test";
  std::filesystem::create_directories(live);
  std::filesystem::create_directories(home.path() + "/containers/ssl");
  std::filesystem::create_symlink(live + "/fullchain.pem", home.path() + "/containers/ssl/nginx.crt");
  const Json renewed = ops.RenewLetsEncrypt(true);
  EXPECT_EQ(renewed["renewOk"], true) << renewed.dump();
  const std::string out = renewed["stdout"];
  EXPECT_TRUE(out.starts_with("certbot stand-in: renew --config-dir " + home.path() +
                              "/containers/etc/letsencrypt"))
      << out;
  EXPECT_NE(out.find("--force-renewal --no-random-sleep-on-renew"), std::string::npos) << out;
  EXPECT_EQ(reloads, 1);
  EXPECT_FALSE(client().Inspect("certbot-renew"));
}

// The host exec actions (spec/mgmt.md §3.1) over Docker for the catalogue and the process
// runtime for our daemons, as mgmt wires them.
class DockerHostExecTest : public DockerRuntimeTest {
 protected:
  DockerHostExecTest()
      : settings_(home_.path(), {{"REDIS_PORT", std::to_string(server().port())},
                                 {"REDIS_PASSWORD", server().password()}}),
        secret_(redis(), settings_),
        auth_(secret_, settings_),
        supervisor_({ServiceSpec{.name = "hooks", .argv = {"/bin/sleep", "60"}}},
                    SupervisorOptions{.log_dir = home_.path() + "/logs", .backoff_initial = 100ms}),
        processes_(supervisor_, {{"srs-hooks", "hooks"}}),
        docker_(client(), {Busybox("srs-server")}, {.stop_grace = 1s, .pull_missing = false}),
        runtime_(docker_, processes_),
        ops_(settings_),
        exec_(auth_, settings_, redis(), runtime_, ops_) {
    secret_.Ensure();
    RegisterRoutes(router_, exec_, {});
    supervisor_.Start();
    supervisor_.WaitRunning("hooks", 5s);
  }

  Json Exec(const std::string& action, Json args) {
    http::Request request;
    request.method = "POST";
    request.target = request.path = "/terraform/v1/host/exec";
    request.body =
        Json{{"token", auth::CreateToken(secret_.Get(), std::chrono::system_clock::now()).token},
             {"action", action},
             {"args", std::move(args)}}
            .dump();
    request.headers.Add("Content-Type", "application/json");
    request.remote_address = "127.0.0.1";
    const http::Response response = router_.Dispatch(request);
    Json body = Json::parse(response.body);
    body["status"] = response.status;
    return body;
  }

  test::TempDir home_;
  config::Settings settings_;
  auth::ApiSecret secret_;
  auth::TokenAuth auth_;
  Supervisor supervisor_;
  ProcessRuntime processes_;
  DockerRuntime docker_;
  SplitRuntime runtime_;
  HostOps ops_;
  HostExec exec_;
  http::Router router_;
};

TEST_F(DockerHostExecTest, ContainerActionsReachDockerAndOurDaemonsStayProcesses) {
  Json fetched = Exec("fetchContainer", {"srs-server", "srs"});
  EXPECT_EQ(fetched["data"]["all"], Json::object()) << fetched.dump();

  // Caller-given docker arguments are not used: the catalogue decides what runs.
  EXPECT_EQ(
      Exec("startContainer", {"srs-server", {"run", "-v", "/:/host", "--privileged"}})["status"],
      200);
  ASSERT_TRUE(WaitUntil(
      [&] {
        fetched = Exec("fetchContainer", {"srs-server", "srs"})["data"];
        return fetched["running"].value("State", "") == "running";
      },
      20s))
      << fetched.dump();
  EXPECT_EQ(fetched["all"]["Image"], test::DockerEngine::kImage);
  const auto inspected = client().Inspect("srs-server").value();
  EXPECT_TRUE(inspected["HostConfig"]["Binds"].is_null() ||
              inspected["HostConfig"]["Binds"].empty());
  EXPECT_FALSE(inspected["HostConfig"]["Privileged"].get<bool>());

  const Json containers = Exec("queryContainers", {"srs"})["data"]["containers"];
  ASSERT_EQ(containers.size(), 1u);
  EXPECT_EQ(containers[0]["container"]["State"], "running");

  const Json hooks = Exec("fetchContainer", {"srs-hooks"})["data"];
  EXPECT_TRUE(hooks["all"]["Image"].get<std::string>().starts_with("native:")) << hooks.dump();

  EXPECT_EQ(Exec("rmContainer", {"srs-server"})["status"], 200);
  EXPECT_FALSE(client().Inspect("srs-server"));
  EXPECT_EQ(Exec("fetchContainer", {"srs-server"})["data"]["all"], Json::object());
  EXPECT_EQ(Exec("rmContainer", {"srs-server"})["status"], 200);     // absent: quiet
  EXPECT_EQ(Exec("startContainer", {"prometheus"})["status"], 422);  // in neither runtime
}

}  // namespace
}  // namespace sc::mgmt
