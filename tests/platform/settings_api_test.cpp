#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"
#include "tests/platform/platform_test.hpp"
#include "tests/support/daemon_process.hpp"

namespace sc::platform {
namespace {

namespace keys = redis::keys;
using namespace std::chrono_literals;
using SettingsApiTest = PlatformWithRecordingMgmtTest;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A self-signed pair made by the openssl command line.
std::pair<std::string, std::string> MakeKeyPair(const std::string& dir, const std::string& name) {
  test::ChildProcess openssl({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                              "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                              dir + "/" + name + ".key", "-out", dir + "/" + name + ".crt", "-days",
                              "1", "-subj", "/CN=" + name},
                             {}, dir + "/openssl.log");
  openssl.Start();
  EXPECT_EQ(openssl.Wait(20s), 0) << openssl.ReadLog();
  return {ReadFile(dir + "/" + name + ".key"), ReadFile(dir + "/" + name + ".crt")};
}

TEST_F(SettingsApiTest, SslUploadsAMatchingPairThroughMgmt) {
  const auto [key, crt] = MakeKeyPair(home_.path(), "one");
  EXPECT_EQ(Post("ssl", WithToken({{"key", key}, {"crt", crt}})).body, R"({"code":0})");
  const auto calls = mgmt_stand_in_.CallsOf("updateSslFile");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].args, Json::array({key, crt}));
  EXPECT_EQ(redis().Get(keys::kSrsHttps), "ssl");
}

TEST_F(SettingsApiTest, SslRefusesMissingBrokenOrMismatchedFiles) {
  const auto [key, crt] = MakeKeyPair(home_.path(), "one");
  const auto [other_key, other_crt] = MakeKeyPair(home_.path(), "two");
  EXPECT_EQ(Post("ssl", WithToken({{"crt", crt}})).body, R"({"code":1000,"data":{"message":"no key"}})");
  EXPECT_EQ(Post("ssl", WithToken({{"key", key}})).body, R"({"code":1000,"data":{"message":"no crt"}})");
  EXPECT_EQ(PostJsonAnswer("ssl", WithToken({{"key", "junk"}, {"crt", crt}}))["data"]["message"],
            "key is not a PEM private key");
  EXPECT_EQ(PostJsonAnswer("ssl", WithToken({{"key", key}, {"crt", "junk"}}))["data"]["message"],
            "crt is not a PEM certificate");
  const auto mismatch = Post("ssl", WithToken({{"key", key}, {"crt", other_crt}}));
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_EQ(mismatch.body, R"({"code":1004,"data":{"message":"key does not match the certificate"}})");
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("updateSslFile").empty());
  EXPECT_FALSE(redis().Get(keys::kSrsHttps).has_value());
}

TEST_F(SettingsApiTest, SslFailureInMgmtIsReportedAndNotRecorded) {
  const auto [key, crt] = MakeKeyPair(home_.path(), "one");
  mgmt_stand_in_.Answer("updateSslFile", 500, R"({"code":1002,"data":{"message":"no key file"}})");
  const auto response = Post("ssl", WithToken({{"key", key}, {"crt", crt}}));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"code":1002,"data":{"message":"mgmt updateSslFile failed: no key file"}})");
  EXPECT_FALSE(redis().Get(keys::kSrsHttps).has_value());
}

TEST_F(SettingsApiTest, LetsEncryptValidatesTheDomain) {
  EXPECT_EQ(Post("letsencrypt", WithToken()).body, R"({"code":1000,"data":{"message":"no domain"}})");
  for (const char* domain : {"../../etc", "a b.com", "-x.com", "localhost", "x.com/../y"}) {
    EXPECT_EQ(Post("letsencrypt", WithToken({{"domain", domain}})).status, 422) << domain;
  }
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("updateLetsEncrypt").empty());
  EXPECT_EQ(Post("letsencrypt", WithToken({{"domain", "live.example.com"}})).body, R"({"code":0})");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("updateLetsEncrypt")[0].args, Json::array({"live.example.com"}));
  EXPECT_EQ(redis().Get(keys::kSrsHttps), "lets");
}

TEST_F(SettingsApiTest, PubkeyEnablesAndDisablesSsh) {
  Post("pubkey", WithToken({{"enabled", true}}));
  Post("pubkey", WithToken({{"enabled", false}}));
  const auto calls = mgmt_stand_in_.CallsOf("accessSsh");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].args, Json::array({"enable"}));
  EXPECT_EQ(calls[1].args, Json::array({"disable"}));
}

TEST_F(SettingsApiTest, ContainersQueryAsksMgmtForEveryKnownService) {
  mgmt_stand_in_.Answer("queryContainers", 200,
                        R"({"code":0,"data":{"containers":[{"name":"srs-server","enabled":true,)"
                        R"("container":{"ID":"abc","State":"running","Status":"Up 3 hours"}}]}})");
  const auto response = Post("containers", WithToken({{"action", "query"}}));
  EXPECT_EQ(response.body,
            R"({"code":0,"data":[{"name":"srs-server","enabled":true,"container":{"ID":"abc","State":"running","Status":"Up 3 hours"}}]})");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("queryContainers")[0].args,
            Json::array({"srs", "srsDev", "hooks", "tencent", "ffmpeg", "prometheus",
                         "node_exporter", "platform"}));
  Post("containers", WithToken({{"action", "query"}, {"name", "hooks"}}));
  EXPECT_EQ(mgmt_stand_in_.CallsOf("queryContainers")[1].args, Json::array({"hooks"}));
}

TEST_F(SettingsApiTest, ContainersValidation) {
  const auto message = [this](Json body) {
    const auto response = Post("containers", WithToken(std::move(body)));
    EXPECT_EQ(response.status, 422);
    return Json::parse(response.body)["data"]["message"].get<std::string>();
  };
  EXPECT_EQ(message({}), "no param action");
  EXPECT_EQ(message({{"action", "drop"}}), "invalid action drop, should be query,enabled,switch");
  EXPECT_EQ(message({{"action", "enabled"}, {"enabled", true}}), "no param name");
  EXPECT_EQ(message({{"action", "enabled"}, {"name", "srs-hooks"}, {"enabled", "false"}}),
            "no param enabled");
  EXPECT_EQ(message({{"action", "enabled"}, {"name", "my-database"}, {"enabled", false}}),
            "invalid name my-database");
  EXPECT_EQ(message({{"action", "enabled"}, {"name", "platform"}, {"enabled", false}}),
            "platform cannot be disabled, it serves this API");
  EXPECT_EQ(message({{"action", "switch"}, {"name", "srs-hooks"}}), "invalid name srs-hooks");
  EXPECT_EQ(message({{"action", "query"}, {"name", "nginx"}}), "invalid name nginx");
  EXPECT_TRUE(mgmt_stand_in_.CallsOf("rmContainer").empty());
}

TEST_F(SettingsApiTest, ContainersEnabledRecordsTheFlagAndRemovesWhenDisabled) {
  EXPECT_EQ(Post("containers", WithToken({{"action", "enabled"}, {"name", "srs-hooks"}, {"enabled", false}})).body,
            R"({"code":0})");
  EXPECT_EQ(redis().Hget(keys::kSrsContainerDisabled, "srs-hooks"), "true");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("rmContainer")[0].args, Json::array({"srs-hooks"}));
  Post("containers", WithToken({{"action", "enabled"}, {"name", "srs-hooks"}, {"enabled", true}}));
  EXPECT_EQ(redis().Hget(keys::kSrsContainerDisabled, "srs-hooks"), "false");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("rmContainer").size(), 1u);
}

TEST_F(SettingsApiTest, ContainersSwitchChoosesOneSrsFlavour) {
  Post("containers", WithToken({{"action", "switch"}, {"name", "srs-dev"}}));
  EXPECT_EQ(redis().Hget(keys::kSrsContainerDisabled, "srs-dev"), "false");
  EXPECT_EQ(redis().Hget(keys::kSrsContainerDisabled, "srs-server"), "true");
  EXPECT_EQ(mgmt_stand_in_.CallsOf("rmContainer")[0].args, Json::array({"srs-server"}));
}

TEST_F(SettingsApiTest, BeianQueryIsPublicAndNullUntilSet) {
  EXPECT_EQ(Post("beian/query").body, R"({"code":0,"data":{"icp":null}})");
}

TEST_F(SettingsApiTest, BeianUpdateAnswersOneOnlyForANewField) {
  EXPECT_EQ(Post("beian/update", WithToken({{"beian", "icp"}, {"text", "ICP 1"}})).body,
            R"({"code":0,"data":1})");
  EXPECT_EQ(Post("beian/update", WithToken({{"beian", "icp"}, {"text", "ICP 2"}})).body, R"({"code":0})");
  EXPECT_EQ(Post("beian/query").body, R"({"code":0,"data":{"icp":"ICP 2"}})");
}

TEST_F(SettingsApiTest, BeianUpdateValidation) {
  EXPECT_EQ(Post("beian/update", WithToken({{"text", "x"}})).body,
            R"({"code":1000,"data":{"message":"no beian"}})");
  EXPECT_EQ(Post("beian/update", WithToken({{"beian", "icp"}})).body,
            R"({"code":1000,"data":{"message":"no text"}})");
  EXPECT_EQ(Post("beian/update", WithToken({{"beian", "token"}, {"text", "x"}})).status, 422);
  EXPECT_EQ(Post("beian/update", WithToken({{"beian", "icp"}, {"text", std::string(1025, 'x')}})).status,
            422);
  EXPECT_EQ(redis().Hlen(keys::kSrsBeian), 0);
}

// A loopback stand-in for Bilibili's public API serving an answer shaped like its
// /x/web-interface/view response; it can be told to fail or to hang.
class BilibiliStandIn {
 public:
  BilibiliStandIn() {
    router_.AnyRaw("/x/web-interface/view", [this](const http::Request& request) {
      ++calls;
      if (hang) std::this_thread::sleep_for(1500ms);
      if (fail) return http::Response::Text(502, "Bad Gateway");
      return http::Response::JsonBody(
          200, R"({"code":0,"message":"0","ttl":1,"data":{"bvid":")" +
                   request.QueryParam("bvid").value_or("") +
                   R"(","title":"SRS Cloud: live streaming in 5 minutes","desc":"tutorial",)"
                   R"("stat":{"view":1024,"like":64,"share":8}}})");
    });
    port = server_.Start();
  }
  std::atomic<int> calls{0};
  std::atomic<bool> fail{false};
  std::atomic<bool> hang{false};
  std::uint16_t port = 0;

 private:
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2, .access_log = false}};
};

class BilibiliWithStandInTest : public SettingsApiTest {
 protected:
  Json Ask(const SettingsApi& api, const std::string& bvid) {
    http::Request request;
    request.json = WithToken({{"bvid", bvid}});
    return api.Bilibili(request);
  }
  BilibiliStandIn stand_in_;
  const std::string url_ = "http://127.0.0.1:" + std::to_string(stand_in_.port);
};

TEST_F(BilibiliWithStandInTest, DefaultTimeoutIsThreeSeconds) {
  EXPECT_EQ(BilibiliOptions{}.timeout, 3000ms);
  EXPECT_EQ(BilibiliOptions{}.cache_ttl, std::chrono::hours(3));
}

TEST_F(BilibiliWithStandInTest, FetchesOnceThenAnswersFromTheCache) {
  const SettingsApi api(redis(), auth_, mgmt_, {.base_url = url_});
  const Json first = Ask(api, "BV1234567890");
  EXPECT_EQ(first["title"], "SRS Cloud: live streaming in 5 minutes");
  EXPECT_EQ(first["stat"]["view"], 1024);
  EXPECT_EQ(Ask(api, "BV1234567890"), first);
  EXPECT_EQ(stand_in_.calls, 1);
  const Json cached = Json::parse(*redis().Hget(keys::kSrsCacheBilibili, "BV1234567890"));
  EXPECT_EQ(cached["res"], first);
  EXPECT_TRUE(cached.contains("update"));
}

TEST_F(BilibiliWithStandInTest, ExpiredCacheIsRefreshed) {
  const SettingsApi api(redis(), auth_, mgmt_, {.base_url = url_, .cache_ttl = 0s});
  Ask(api, "BV1234567890");
  Ask(api, "BV1234567890");
  EXPECT_EQ(stand_in_.calls, 2);
}

TEST_F(BilibiliWithStandInTest, UpstreamFailureFallsBackToTheStaleCopy) {
  const SettingsApi api(redis(), auth_, mgmt_, {.base_url = url_, .cache_ttl = 0s});
  const Json first = Ask(api, "BV1234567890");
  stand_in_.fail = true;
  EXPECT_EQ(Ask(api, "BV1234567890"), first);
}

TEST_F(BilibiliWithStandInTest, HungUpstreamTimesOutWithAnError) {
  const SettingsApi api(redis(), auth_, mgmt_, {.base_url = url_, .timeout = 300ms});
  stand_in_.hang = true;
  const auto started = std::chrono::steady_clock::now();
  try {
    Ask(api, "BV1234567890");
    FAIL();
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.http_status(), 500);
    EXPECT_NE(std::string(error.what()).find("bilibili: "), std::string::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1200ms);
}

TEST_F(BilibiliWithStandInTest, BvidIsRequiredAndValidated) {
  const SettingsApi api(redis(), auth_, mgmt_, {.base_url = url_});
  EXPECT_THROW(Ask(api, ""), http::ApiError);
  EXPECT_THROW(Ask(api, "BV12&x=1"), http::ApiError);
  EXPECT_THROW(Ask(api, "../../x"), http::ApiError);
  EXPECT_EQ(stand_in_.calls, 0);
}

}  // namespace
}  // namespace sc::platform
