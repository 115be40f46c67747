#include <gtest/gtest.h>

#include <fstream>

#include "common/auth/jwt.hpp"
#include "common/redis/keys.hpp"
#include "sc/version.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/tencent_stand_in.hpp"

namespace sc::tencent {
namespace {

using namespace std::chrono_literals;

// The built srs-cloud-tencent with a real Redis, pointed at the Tencent Cloud stand-in through
// TENCENT_API_ENDPOINT / TENCENT_COS_ENDPOINT in its .env.
TEST(TencentBinaryTencentStandInTest, ProvisionsThroughTheStandInAndStopsOnSigterm) {
  test::RedisServer redis_server;
  test::TencentStandIn stand_in;
  stand_in.AddAccount(
      "AKIDbinary",
      {.secret_key = "binarySecretKey0000000000000001", .app_id = "1250000001", .uin = "2"});
  test::TempDir home;
  const auto port = test::FreePort();
  std::ofstream(home.path() + "/.env")
      << "TENCENT_PORT=" << port << "\nREDIS_PORT=" << redis_server.port()
      << "\nREDIS_PASSWORD=" << redis_server.password() << "\nMGMT_PASSWORD=admin-pw"
      << "\nTENCENT_API_ENDPOINT=" << stand_in.url() << "\nTENCENT_COS_ENDPOINT=" << stand_in.url()
      << "\n";
  redis::Client redis(redis_server.options());
  redis.Hset(redis::keys::kSrsTencentLh, "region", "ap-beijing");

  test::ChildProcess daemon({test::BinaryPath("srs-cloud-tencent")},
                            {{"SRS_CLOUD_HOME", home.path()}}, home.path() + "/tencent.log");
  daemon.Start();
  ASSERT_TRUE(test::WaitForHttp(port, "/terraform/v1/tencent/versions", 5s)) << daemon.ReadLog();
  EXPECT_EQ(test::Fetch(port, "GET", "/terraform/v1/tencent/versions").body,
            std::string(R"({"code":0,"data":{"version":")") + kVersion + "\"}}");

  const Json body = {
      {"token", auth::CreateToken("admin-pw", std::chrono::system_clock::now()).token},
      {"secretId", "AKIDbinary"},
      {"secretKey", "binarySecretKey0000000000000001"}};
  const auto answer = test::PostJson(port, "/terraform/v1/tencent/cam/secret", Stringify(body));
  EXPECT_EQ(answer.status, 200) << answer.body << daemon.ReadLog();
  EXPECT_EQ(answer.body, R"({"code":0})");
  EXPECT_EQ(redis.Hget(redis::keys::kSrsTencentCam, "appId"), "1250000001");
  EXPECT_EQ(redis.Hget(redis::keys::kSrsTencentVod, "storage"), "ap-beijing");
  EXPECT_EQ(stand_in.CallsOf("PUT Bucket").size(), 1u);

  EXPECT_EQ(daemon.Stop(5s), 0);
  const std::string log = daemon.ReadLog();
  EXPECT_EQ(log.find("binarySecretKey"), std::string::npos) << "the secret key reached the log";
  EXPECT_NE(log.find("secretId=AKIDbinary"), std::string::npos) << log;
}

TEST(TencentBinaryTest, RefusesToStartWithAMalformedEndpoint) {
  test::TempDir home;
  std::ofstream(home.path() + "/.env")
      << "TENCENT_PORT=" << test::FreePort() << "\nTENCENT_API_ENDPOINT=ftp://127.0.0.1\n";
  test::ChildProcess daemon({test::BinaryPath("srs-cloud-tencent")},
                            {{"SRS_CLOUD_HOME", home.path()}}, home.path() + "/tencent.log");
  daemon.Start();
  EXPECT_EQ(daemon.Wait(5s), 1);
  EXPECT_NE(daemon.ReadLog().find("TENCENT_API_ENDPOINT"), std::string::npos) << daemon.ReadLog();
}

}  // namespace
}  // namespace sc::tencent
