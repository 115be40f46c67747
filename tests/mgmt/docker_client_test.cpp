// The Docker Engine client: the log stream format and DOCKER_HOST as pure functions, everything
// else against a real dockerd the fixture starts itself (tests/mgmt/docker_engine.hpp).
#include "mgmt/docker_client.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "mgmt/docker_catalogue.hpp"
#include "tests/mgmt/docker_engine.hpp"
#include "tests/support/net.hpp"
#include "tests/support/wait.hpp"

namespace sc::mgmt {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string Frame(char stream, const std::string& payload) {
  std::string frame = {stream, 0, 0, 0};
  const auto size = static_cast<std::uint32_t>(payload.size());
  for (int shift : {24, 16, 8, 0}) frame.push_back(static_cast<char>((size >> shift) & 0xff));
  return frame + payload;
}

TEST(DockerLogsTest, DemultiplexSplitsStdoutAndStderrInOrder) {
  const std::string big(70'000, 'x');  // a size that needs the high bytes of the header
  const ContainerLogs logs =
      DemultiplexLogs(Frame(1, "out 1\n") + Frame(2, "err 1\n") + Frame(1, big) + Frame(2, ""));
  EXPECT_EQ(logs.out, "out 1\n" + big);
  EXPECT_EQ(logs.err, "err 1\n");
  EXPECT_EQ(DemultiplexLogs("").out, "");
}

TEST(DockerLogsTest, DemultiplexRefusesABrokenStream) {
  EXPECT_THROW(DemultiplexLogs(std::string("\x01\0\0", 3)), DockerError);         // short header
  EXPECT_THROW(DemultiplexLogs(Frame(1, "abc").substr(0, 10)), DockerError);      // short payload
  EXPECT_THROW(DemultiplexLogs(Frame(7, "abc")), DockerError);                    // no such stream
  EXPECT_THROW(DemultiplexLogs("plain text from a TTY container"), DockerError);  // not framed
}

TEST(DockerHostTest, OnlyUnixSocketsAreAccepted) {
  EXPECT_EQ(DockerSocketPath(""), "/var/run/docker.sock");
  EXPECT_EQ(DockerSocketPath("unix:///tmp/d/docker.sock"), "/tmp/d/docker.sock");
  EXPECT_THROW(DockerSocketPath("tcp://127.0.0.1:2375"), std::invalid_argument);
  EXPECT_THROW(DockerSocketPath("unix://"), std::invalid_argument);
  EXPECT_THROW(DockerSocketPath("/var/run/docker.sock"), std::invalid_argument);
}

TEST(DockerHostTest, NothingListeningIsAnUnreachableError) {
  test::TempDir dir;
  const DockerClient client(dir.path() + "/none.sock", 2s);
  EXPECT_FALSE(client.Ping());
  try {
    client.Version();
    FAIL() << "no error";
  } catch (const DockerError& e) {
    EXPECT_EQ(e.kind(), DockerError::Kind::kUnreachable);
    EXPECT_EQ(e.status(), 0);
    EXPECT_NE(std::string(e.what()).find(dir.path() + "/none.sock"), std::string::npos) << e.what();
  }
}

using test::WaitUntil;

class DockerClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { engine_ = std::make_unique<test::DockerEngine>(); }
  static void TearDownTestSuite() { engine_.reset(); }
  void SetUp() override {
    if (!engine_->unavailable().empty())
      GTEST_SKIP() << "no Docker engine here: " << engine_->unavailable();
  }
  const DockerClient& client() { return engine_->client(); }

  // A busybox container under the catalogue's create body; its commands end by themselves, so
  // even a crashed test binary leaves nothing running for long.
  ContainerSpec Busybox(const std::string& name, const std::string& script) {
    return ContainerSpec{
        .name = name, .image = test::DockerEngine::kImage, .command = {"sh", "-c", script}};
  }

  static inline std::unique_ptr<test::DockerEngine> engine_;
};

TEST_F(DockerClientTest, PingAndVersion) {
  EXPECT_TRUE(client().Ping());
  const Json version = client().Version();
  EXPECT_TRUE(version.contains("Version")) << version.dump();
  EXPECT_TRUE(version.contains("ApiVersion")) << version.dump();
  EXPECT_TRUE(client().HasImage(test::DockerEngine::kImage));
}

TEST_F(DockerClientTest, CreatesWithHostNetworkEnvVolumeAndLogRotation) {
  test::TempDir volume;
  std::ofstream(volume.path() + "/in.txt") << "from the host\n";
  ContainerSpec spec = Busybox("sc-create",
                               "echo greeting=$GREETING; cat /data/in.txt; "
                               "echo from the container > /data/out.txt; sleep 300");
  spec.env = {"GREETING=hello"};
  spec.binds = {volume.path() + ":/data"};
  spec.log_max_size = "2m";
  spec.log_max_files = 4;
  const std::string id = client().Create(spec.name, CreateBody(spec));
  client().Start(id);

  std::string out;
  ASSERT_TRUE(WaitUntil(
      [&] { return (out = client().Logs(id).out).find("from the host") != std::string::npos; },
      20s))
      << out;
  EXPECT_EQ(out, "greeting=hello\nfrom the host\n");
  std::string written;
  ASSERT_TRUE(WaitUntil(
      [&] {
        std::ifstream in(volume.path() + "/out.txt");
        std::getline(in, written);
        return written == "from the container";
      },
      20s))
      << written;

  const std::optional<Json> inspected = client().Inspect(spec.name);
  ASSERT_TRUE(inspected);
  const Json& host = (*inspected)["HostConfig"];
  EXPECT_EQ(host["NetworkMode"], "host");
  EXPECT_EQ(host["RestartPolicy"]["Name"], "always");
  EXPECT_EQ(host["LogConfig"],
            (Json{{"Type", "json-file"}, {"Config", {{"max-file", "4"}, {"max-size", "2m"}}}}))
      << host["LogConfig"].dump();
  EXPECT_EQ(host["Binds"], Json::array({volume.path() + ":/data"}));
  EXPECT_FALSE(host["Privileged"].get<bool>());
  EXPECT_EQ((*inspected)["Config"]["Labels"]["srs-cloud.managed"], "true");
  EXPECT_EQ((*inspected)["State"]["Running"], true);
}

TEST_F(DockerClientTest, LogsKeepStdoutAndStderrApart) {
  const ContainerSpec spec = Busybox("sc-logs", "echo to stdout; echo to stderr >&2; sleep 300");
  const std::string id = client().Create(spec.name, CreateBody(spec));
  client().Start(id);
  ContainerLogs logs;
  ASSERT_TRUE(WaitUntil(
      [&] {
        logs = client().Logs(spec.name);
        return !logs.out.empty() && !logs.err.empty();
      },
      20s));
  EXPECT_EQ(logs.out, "to stdout\n");
  EXPECT_EQ(logs.err, "to stderr\n");
}

TEST_F(DockerClientTest, RestartPolicyBringsBackAKilledMainProcess) {
  const ContainerSpec spec = Busybox("sc-restart", "sleep 300");
  client().Start(client().Create(spec.name, CreateBody(spec)));
  int first = 0;
  ASSERT_TRUE(WaitUntil(
      [&] {
        const auto state = client().Inspect(spec.name).value()["State"];
        first = state["Pid"].get<int>();
        return state["Running"].get<bool>() && first > 0;
      },
      20s));
  ASSERT_EQ(kill(first, SIGKILL), 0);  // the container's main process, seen from the host

  Json state;
  int restarts = 0;
  ASSERT_TRUE(WaitUntil(
      [&] {
        const Json inspected = client().Inspect(spec.name).value();
        state = inspected["State"];
        restarts = inspected["RestartCount"].get<int>();
        return state["Running"].get<bool>() && state["Pid"].get<int>() != first &&
               state["Pid"].get<int>() > 0;
      },
      30s))
      << state.dump();
  EXPECT_GE(restarts, 1);
}

TEST_F(DockerClientTest, ListMatchesTheExactNameOnly) {
  for (const char* name : {"sc-list", "sc-list-2", "my-sc-list"}) {
    client().Start(client().Create(name, CreateBody(Busybox(name, "sleep 300"))));
  }
  client().Create("sc-list.x",
                  CreateBody(Busybox("sc-list.x", "sleep 300")));  // created, not started
  const std::vector<Json> found = client().List("sc-list", true);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["Names"], Json::array({"/sc-list"}));
  EXPECT_EQ(found[0]["Image"], test::DockerEngine::kImage);
  EXPECT_EQ(client().List("sc-list.x", true).size(), 1u);
  EXPECT_TRUE(client().List("sc-list.x", false).empty());  // only running ones
  EXPECT_TRUE(client().List("sc-listx", true).empty());    // '.' is not a wildcard
}

TEST_F(DockerClientTest, StopAndRemoveAreQuietWhenAbsentAndRemoveKillsARunningOne) {
  EXPECT_NO_THROW(client().Remove("sc-none"));
  EXPECT_FALSE(client().Inspect("sc-none"));
  try {
    client().Stop("sc-none", 1s);
    FAIL() << "no error";
  } catch (const DockerError& e) {
    EXPECT_EQ(e.kind(), DockerError::Kind::kNotFound);
  }
  const ContainerSpec spec = Busybox("sc-remove", "sleep 300");
  client().Start(client().Create(spec.name, CreateBody(spec)));
  client().Stop(spec.name, 1s);
  EXPECT_EQ(client().Inspect(spec.name).value()["State"]["Running"],
            false);              // stopped by hand: stays down
  client().Stop(spec.name, 1s);  // already stopped: fine
  client().Start(spec.name);
  client().Remove(spec.name);
  EXPECT_FALSE(client().Inspect(spec.name));
}

TEST_F(DockerClientTest, NameConflictAndAbsentImageCarryDockersMessage) {
  client().Create("sc-twice", CreateBody(Busybox("sc-twice", "sleep 300")));
  try {
    client().Create("sc-twice", CreateBody(Busybox("sc-twice", "sleep 300")));
    FAIL() << "no error";
  } catch (const DockerError& e) {
    EXPECT_EQ(e.kind(), DockerError::Kind::kConflict);
    EXPECT_EQ(e.status(), 409);
    EXPECT_NE(std::string(e.what()).find("already in use"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(client().HasImage("sc-test/absent:1"));
  ContainerSpec absent = Busybox("sc-absent", "true");
  absent.image = "sc-test/absent:1";
  try {
    client().Create(absent.name, CreateBody(absent));
    FAIL() << "no error";
  } catch (const DockerError& e) {
    EXPECT_EQ(e.kind(), DockerError::Kind::kNotFound);
    EXPECT_NE(std::string(e.what()).find("No such image: sc-test/absent:1"), std::string::npos)
        << e.what();
  }
}

TEST_F(DockerClientTest, WaitAnswersTheExitStatus) {
  const Json body = {{"Image", test::DockerEngine::kImage},
                     {"Cmd", {"sh", "-c", "exit 7"}},
                     {"HostConfig", {{"NetworkMode", "host"}}}};
  const std::string id = client().Create("sc-wait", body);
  client().Start(id);
  EXPECT_EQ(client().Wait(id, 30s), 7);
}

}  // namespace
}  // namespace sc::mgmt
