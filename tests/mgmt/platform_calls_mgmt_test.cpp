// Platform's calls to the host RPC (spec/platform.md §3) against the real mgmt: mgmt supervises
// the real platform, hooks and releases daemons, and everything goes through mgmt's port as the
// dashboard's requests do.
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "common/redis/keys.hpp"
#include "tests/mgmt/mgmt_stack.hpp"

namespace sc::mgmt {
namespace {

namespace keys = redis::keys;

class PlatformCallsRealMgmtTest : public MgmtStackTest {
 protected:
  void SetUp() override {
    Start();
    ASSERT_EQ(Post("init", {{"password", "admin-pw-1"}}).status, 200);
    const Json login = Json::parse(Post("login", {{"password", "admin-pw-1"}}).body);
    token_ = login["data"]["token"].get<std::string>();
  }
  http::ClientResponse Post(const std::string& route, Json body) {
    if (!token_.empty()) body["token"] = token_;
    return test::PostJson(mgmt_port_, "/terraform/v1/mgmt/" + route, Stringify(body));
  }
  // The entry of `name` in containers/query, or null.
  Json Container(const std::string& name) {
    const Json answer = Json::parse(Post("containers", {{"action", "query"}}).body);
    for (const Json& item : answer.value("data", Json::array())) {
      if (item.value("name", "") == name) return item;
    }
    return nullptr;
  }
  bool HooksAnswers() {
    try {
      return test::Fetch(hooks_port_, "GET", "/terraform/v1/hooks/versions").status == 200;
    } catch (const std::exception&) {
      return false;
    }
  }

  std::string PlatformLog() const {
    std::ifstream in(home_.path() + "/logs/platform.log");
    std::stringstream text;
    text << in.rdbuf();
    return "--- platform log\n" + text.str();
  }

  std::string token_;
};

TEST_F(PlatformCallsRealMgmtTest, ContainersAreQueriedDisabledAndBroughtBackThroughMgmt) {
  const Json hooks = Container("srs-hooks");
  ASSERT_TRUE(hooks.is_object()) << Post("containers", {{"action", "query"}}).body;
  EXPECT_EQ(hooks["enabled"], true);
  EXPECT_EQ(hooks["container"]["State"], "running") << hooks.dump();

  // Disabled: platform records it and mgmt removes the service (and keeps it down).
  ASSERT_EQ(
      Post("containers", {{"action", "enabled"}, {"name", "srs-hooks"}, {"enabled", false}}).body,
      R"({"code":0})");
  EXPECT_TRUE(WaitUntil([&] { return !HooksAnswers(); }, 10s)) << "hooks still answers";
  EXPECT_EQ(Container("srs-hooks")["enabled"], false);

  // Enabled again: platform's market thread (every 10 s) asks mgmt to start it.
  ASSERT_EQ(
      Post("containers", {{"action", "enabled"}, {"name", "srs-hooks"}, {"enabled", true}}).body,
      R"({"code":0})");
  EXPECT_TRUE(WaitUntil([&] { return HooksAnswers(); }, 25s))
      << mgmt_->ReadLog() << PlatformLog();
  EXPECT_TRUE(WaitUntil(
      [&] {
        const Json hooks = Container("srs-hooks");
        return hooks.is_object() && hooks["container"].is_object() &&
               hooks["container"].value("State", "") == "running";
      },
      5s))
      << Container("srs-hooks").dump();

  // The platform itself cannot be switched off from its own page.
  EXPECT_EQ(
      Post("containers", {{"action", "enabled"}, {"name", "platform"}, {"enabled", false}}).status,
      422);
}

TEST_F(PlatformCallsRealMgmtTest, StatusReportsWhatTheReleasesDaemonAnsweredThroughMgmt) {
  // /status shows the release info platform's upgrade thread fetched (refreshVersion through
  // mgmt, from the releases daemon); the thread's first cycle runs right after the start.
  http::ClientResponse status;
  const bool fetched = WaitUntil(
      [&] {
        status = Post("status", Json::object());
        const Json data = Json::parse(status.body, nullptr, false);
        return status.status == 200 && data.is_object() && data["data"]["releases"].is_object() &&
               data["data"]["releases"]["stable"].is_string();
      },
      15s);
  EXPECT_TRUE(fetched) << status.body;
  EXPECT_TRUE(Json::parse(status.body)["data"]["version"].is_string()) << status.body;
}

TEST_F(PlatformCallsRealMgmtTest, AFailedHostStepIsTheCallersError) {
  // No upgrade script is configured: mgmt's execUpgrade fails, and /upgrade says so (the
  // original answered success), leaving no upgrade marked as running.
  const auto upgrade = Post("upgrade", Json::object());
  EXPECT_EQ(upgrade.status, 500) << upgrade.body;
  EXPECT_NE(upgrade.body.find("no upgrade script"), std::string::npos) << upgrade.body;
  redis::Client redis(redis_.options());
  EXPECT_EQ(redis.Hget(keys::kSrsUpgrading, "upgrading"), "0");
}

}  // namespace
}  // namespace sc::mgmt
