// Prometheus and node-exporter from Debian's packages, run by mgmt as native services with the
// rendered prometheus.yml, reachable through mgmt at /prometheus only with an admin token.
#include <algorithm>
#include <set>

#include "common/json.hpp"
#include "common/process/spawn.hpp"
#include "tests/mgmt/mgmt_stack.hpp"

namespace sc::mgmt {
namespace {

class PrometheusThroughMgmtTest : public MgmtStackTest {
 protected:
  void SetUp() override {
    if (!process::FindProgram("prometheus") || !process::FindProgram("prometheus-node-exporter")) {
      GTEST_SKIP() << "prometheus or prometheus-node-exporter is not installed (auto/setup "
                      "installs both)";
    }
    Start("PROMETHEUS=true\nPROMETHEUS_PORT=" + std::to_string(test::FreePort()) +
          "\nNODE_EXPORTER_PORT=" + std::to_string(node_exporter_port_) + "\n");
    ASSERT_EQ(Post("init", {{"password", "admin-pw-2"}}).status, 200);
    token_ = Json::parse(Post("login", {{"password", "admin-pw-2"}}).body)["data"]["token"];
  }
  http::ClientResponse Post(const std::string& route, const Json& body) {
    return test::PostJson(mgmt_port_, "/terraform/v1/mgmt/" + route, Stringify(body));
  }
  http::ClientResponse Query(const std::string& query,
                             std::vector<std::pair<std::string, std::string>> headers) {
    return test::Fetch(mgmt_port_, "GET", "/prometheus/api/v1/query?query=" + query, "",
                       std::move(headers));
  }
  // job/instance pairs whose `up` is 1, as Prometheus answers through mgmt.
  std::set<std::string> UpTargets() {
    const auto answer = Query("up", {{"Authorization", "Bearer " + token_}});
    std::set<std::string> up;
    const Json json = Json::parse(answer.body, nullptr, false);
    if (!json.is_object() || !json.contains("data")) return up;
    for (const Json& item : json["data"].value("result", Json::array())) {
      if (item["value"][1] == "1") {
        up.insert(item["metric"].value("job", "") + "@" + item["metric"].value("instance", ""));
      }
    }
    return up;
  }

  const std::uint16_t node_exporter_port_ = test::FreePort();
  std::string token_;
};

TEST_F(PrometheusThroughMgmtTest, OnlyWithAnAdminTokenAndItScrapesNodeExporterAndEveryDaemon) {
  // The original left /prometheus open.
  const auto anonymous = Query("up", {});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(Json::parse(anonymous.body)["code"], 1000);
  const auto forged = Query("up", {{"Authorization", "Bearer not.a.token"}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(Json::parse(forged.body)["code"], 2001);
  EXPECT_EQ(Query("up", {{"Cookie", "theme=dark; srs_cloud_token=forged"}}).status, 401);
  EXPECT_EQ(test::Fetch(mgmt_port_, "GET", "/prometheus/graph").status, 401);

  // The dashboard's ways in: a bearer token for its API calls, the cookie for the link.
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Query("up", {{"Authorization", "Bearer " + token_}}).status == 200;
      },
      20s))
      << mgmt_->ReadLog();
  EXPECT_EQ(Query("up", {{"Cookie", "theme=dark; srs_cloud_token=" + token_}}).status, 200);

  const std::string at = "@127.0.0.1:";
  const std::set<std::string> wanted = {"node-exporter" + at + std::to_string(node_exporter_port_),
                                        "srs-cloud" + at + std::to_string(mgmt_port_),
                                        "srs-cloud" + at + std::to_string(hooks_port_),
                                        "srs-cloud" + at + std::to_string(platform_port_),
                                        "srs-cloud" + at + std::to_string(releases_port_)};
  std::set<std::string> up;
  EXPECT_TRUE(WaitUntil(
      [&] {
        up = UpTargets();
        return std::includes(up.begin(), up.end(), wanted.begin(), wanted.end());
      },
      30s))
      << "up: " << Json(up).dump();
}

}  // namespace
}  // namespace sc::mgmt
