#include <thread>

#include "common/cloud/cos_bucket_setup.hpp"
#include "sc/version.hpp"
#include "tests/tencent/tencent_test.hpp"

namespace sc::tencent {
namespace {

// POST /terraform/v1/tencent/cam/secret and /versions through the real router and server, with a
// real Redis and the Tencent Cloud stand-in.
class CamSecretTencentStandInTest : public TencentStandInTest {
 protected:
  CamSecretTencentStandInTest() { SetRegion(kRegion); }

  // Everything but SRS_TENCENT_LH and the API secret: what a refused request must not touch.
  std::map<std::string, std::map<std::string, std::string>> CloudState() {
    return {{"cam", Hash(keys::kSrsTencentCam)},
            {"cos", Hash(keys::kSrsTencentCos)},
            {"vod", Hash(keys::kSrsTencentVod)}};
  }
  void ExpectAnswer(const http::ClientResponse& response, int status, const std::string& body) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.body, body);
  }
  void ExpectRefusedUntouched(const Json& body, int status, const std::string& answer) {
    const auto before = CloudState();
    ExpectAnswer(Post("cam/secret", body), status, answer);
    EXPECT_EQ(CloudState(), before);
  }
};

TEST_F(CamSecretTencentStandInTest, VersionsNeedsNoToken) {
  ExpectAnswer(Post("versions", Json::object()), 200,
               std::string(R"({"code":0,"data":{"version":")") + kVersion + "\"}}");
}

TEST_F(CamSecretTencentStandInTest, GoodKeysAreStoredThenCosAndVodProvisioned) {
  ExpectAnswer(Post("cam/secret", SecretBody()), 200, R"({"code":0})");
  EXPECT_EQ(
      Hash(keys::kSrsTencentCam),
      (std::map<std::string, std::string>{
          {"appId", kAppId}, {"secretId", kSecretId}, {"secretKey", kSecretKey}, {"uin", kUin}}));
  const std::string bucket = cloud::CosBucketName(kAppId, kRegion);
  EXPECT_EQ(Hash(keys::kSrsTencentCos), (std::map<std::string, std::string>{
                                            {"bucket", bucket},
                                            {"location", bucket + ".cos.ap-guangzhou.myqcloud.com"},
                                            {"policy", "read-without-list-files"},
                                            {"cors", "true"}}));
  auto vod = Hash(keys::kSrsTencentVod);
  EXPECT_EQ(vod["service"], "ok");
  EXPECT_EQ(vod["storage"], kRegion);
  EXPECT_EQ(Json::parse(vod["remux"])["definition"], 875);
  EXPECT_EQ(vod["domain"], std::string(kAppId) + ".vod2.myqcloud.com");

  std::vector<std::string> actions;
  for (const auto& call : stand_in_.Calls()) {
    EXPECT_TRUE(call.accepted) << call.action;
    EXPECT_EQ(call.secret_id, kSecretId);
    actions.push_back(call.action);
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"GetUserAppId", "PUT Bucket", "PUT Bucket policy",
                                      "PUT Bucket cors", "CreateService", "CreateStorageRegion",
                                      "DescribeTranscodeTemplates", "DescribeVodDomains"}));
}

TEST_F(CamSecretTencentStandInTest, MissingKeysAre1000WithTheOriginalMessages) {
  Json body = SecretBody();
  body.erase("secretId");
  ExpectRefusedUntouched(body, 422, R"({"code":1000,"data":{"message":"no param secretId"}})");
  body = SecretBody("");
  ExpectRefusedUntouched(body, 422, R"({"code":1000,"data":{"message":"no param secretId"}})");
  body = SecretBody();
  body["secretKey"] = nullptr;
  ExpectRefusedUntouched(body, 422, R"({"code":1000,"data":{"message":"no param secretKey"}})");
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(CamSecretTencentStandInTest, WrongTypesAreRefused) {
  Json body = SecretBody();
  body["secretId"] = Json::object({{"a", 1}});
  ExpectRefusedUntouched(body, 422,
                         R"({"code":1004,"data":{"message":"secretId must be a string"}})");
  body = SecretBody();
  body["secretKey"] = Json::array({"k"});
  ExpectRefusedUntouched(body, 422,
                         R"({"code":1004,"data":{"message":"secretKey must be a string"}})");
  body = SecretBody();
  body["region"] = Json::array();
  ExpectRefusedUntouched(body, 422,
                         R"({"code":1004,"data":{"message":"region must be a string"}})");
  body = SecretBody();
  body["token"] = 42;
  EXPECT_EQ(Post("cam/secret", body).status, 401);
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(CamSecretTencentStandInTest, MalformedKeysAreNeverSent) {
  const std::string shape = "must be at most 128 letters, digits, '-' or '_'";
  ExpectRefusedUntouched(SecretBody("AKID with space"), 422,
                         R"({"code":1004,"data":{"message":"secretId )" + shape + "\"}}");
  ExpectRefusedUntouched(SecretBody(kSecretId, std::string(129, 'k')), 422,
                         R"({"code":1004,"data":{"message":"secretKey )" + shape + "\"}}");
  ExpectRefusedUntouched(SecretBody(kSecretId, "key\nX-Injected: 1"), 422,
                         R"({"code":1004,"data":{"message":"secretKey )" + shape + "\"}}");
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(CamSecretTencentStandInTest, UnknownSecretIdLeavesRedisUntouched) {
  ExpectRefusedUntouched(
      SecretBody("AKIDunknown0000000000000000000000000"), 500,
      R"({"code":1,"data":{"message":"AuthFailure.SecretIdNotFound: The SecretId is not found, )"
      R"(please ensure that your SecretId is correct."}})");
  EXPECT_EQ(stand_in_.Calls().size(), 1u);  // CAM only, no provisioning
}

TEST_F(CamSecretTencentStandInTest, WrongSecretKeyLeavesTheStoredAccountUntouched) {
  StoreAccount();  // a working account is configured already
  ExpectRefusedUntouched(
      SecretBody(kSecretId, "wrongSecretKey00000000000000000"), 500,
      R"({"code":1,"data":{"message":"AuthFailure.SignatureFailure: The provided credentials could )"
      R"(not be validated."}})");
  EXPECT_EQ(Hash(keys::kSrsTencentCam)["secretKey"], kSecretKey);
  for (const auto& call : stand_in_.Calls()) EXPECT_FALSE(call.accepted);
}

TEST_F(CamSecretTencentStandInTest, AnswerWithoutAppIdIs1006) {
  stand_in_.Answer("GetUserAppId", 200, R"({"Response":{"Uin":"1","RequestId":"r"}})");
  ExpectRefusedUntouched(SecretBody(), 422,
                         R"({"code":1006,"data":{"message":"query appId failed"}})");
}

TEST_F(CamSecretTencentStandInTest, UnknownRegionIsAClear422BeforeAnyCall) {
  SetRegion("sgp1");  // a DigitalOcean region written by mgmt (spec/tencent.md §4.3)
  ExpectRefusedUntouched(
      SecretBody(), 422,
      R"json({"code":1004,"data":{"message":"region sgp1 is not a Tencent Cloud region (ap-..., na-..., eu-..., sa-...)"}})json");
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(CamSecretTencentStandInTest, NoRegionAnywhereIs422) {
  redis().Del(keys::kSrsTencentLh);
  ExpectRefusedUntouched(
      SecretBody(), 422,
      R"({"code":1004,"data":{"message":"no region: neither the request nor SRS_TENCENT_LH names one"}})");
}

TEST_F(CamSecretTencentStandInTest, RegionInTheRequestWins) {
  SetRegion("sgp1");
  Json body = SecretBody();
  body["region"] = "ap-singapore";
  ExpectAnswer(Post("cam/secret", body), 200, R"({"code":0})");
  EXPECT_EQ(Hash(keys::kSrsTencentVod)["storage"], "ap-singapore");
  EXPECT_EQ(stand_in_.CallsOf("PUT Bucket").at(0).region, "ap-singapore");
}

TEST_F(CamSecretTencentStandInTest, ProvisioningFailureKeepsTheAccountAndARetryResumes) {
  stand_in_.Fail("CreateStorageRegion", "FailedOperation", "Storage is being enabled.");
  ExpectAnswer(Post("cam/secret", SecretBody()), 500,
               R"({"code":1,"data":{"message":"FailedOperation: Storage is being enabled."}})");
  EXPECT_EQ(Hash(keys::kSrsTencentCam)["appId"], kAppId);  // spec/tencent.md §2.2 step 4
  EXPECT_EQ(Hash(keys::kSrsTencentCos)["cors"], "true");
  EXPECT_EQ(Hash(keys::kSrsTencentVod), (std::map<std::string, std::string>{{"service", "ok"}}));

  stand_in_.Clear();
  ExpectAnswer(Post("cam/secret", SecretBody()), 200, R"({"code":0})");
  std::vector<std::string> actions;
  for (const auto& call : stand_in_.Calls()) actions.push_back(call.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"GetUserAppId", "CreateStorageRegion",
                                      "DescribeTranscodeTemplates", "DescribeVodDomains"}));
}

TEST_F(CamSecretTencentStandInTest, TencentUnreachableLeavesRedisUntouched) {
  const test::RefusedPort no_api, no_cos;
  const cloud::TencentEndpoints nowhere{
      .api = no_api.url(),
      .cos = no_cos.url(),
      .timeout = std::chrono::milliseconds(2000)};
  const cloud::TencentApi api(nowhere);
  const cloud::CosClient cos(nowhere);
  const CamApi cam(redis(), auth_, api, cos);
  http::Router router;
  RegisterRoutes(router, cam);
  http::Server server(router, {.worker_threads = 1, .access_log = false});
  const auto port = server.Start();
  const auto response =
      test::PostJson(port, "/terraform/v1/tencent/cam/secret", Stringify(SecretBody()));
  EXPECT_EQ(response.status, 500);
  const Json answer = Json::parse(response.body);
  EXPECT_EQ(answer["code"], 1);
  EXPECT_NE(answer["data"]["message"].get<std::string>().find("cam GetUserAppId"),
            std::string::npos)
      << response.body;
  EXPECT_TRUE(Hash(keys::kSrsTencentCam).empty());
}

TEST_F(CamSecretTencentStandInTest, RedisGoneIs1007) {
  const Json body = SecretBody();  // the token is issued while Redis is up
  server().Stop();
  const auto response = Post("cam/secret", body);
  server().Start();
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(Json::parse(response.body)["code"], 1007) << response.body;
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(CamSecretTencentStandInTest, ConcurrentSetupsEndWithOneBucket) {
  std::vector<std::thread> threads;
  std::vector<int> statuses(3);
  const Json body = SecretBody();
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] { statuses[i] = Post("cam/secret", body).status; });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(statuses, std::vector<int>(3, 200));
  // Every PUT Bucket named the same bucket; those after the first found it owned already.
  for (const auto& call : stand_in_.CallsOf("PUT Bucket")) {
    EXPECT_EQ(call.bucket, cloud::CosBucketName(kAppId, kRegion));
  }
  EXPECT_EQ(Hash(keys::kSrsTencentCos)["bucket"], cloud::CosBucketName(kAppId, kRegion));
}

TEST_F(CamSecretTencentStandInTest, MalformedJsonIs400) {
  const auto response = test::PostJson(port_, "/terraform/v1/tencent/cam/secret", "{\"token\":");
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(Hash(keys::kSrsTencentCam).empty());
}

}  // namespace
}  // namespace sc::tencent
