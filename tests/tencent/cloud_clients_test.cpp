#include "common/cloud/tencent_region.hpp"
#include "tests/tencent/tencent_test.hpp"

namespace sc::tencent {
namespace {

using cloud::TencentError;

// The API 3.0 and COS clients against the stand-in, which recomputes every signature.
class CloudClientsTencentStandInTest : public TencentStandInTest {};

TEST_F(CloudClientsTencentStandInTest, SignedApiCallIsAcceptedAndAnswered) {
  const Json answer = api_.Call(Credentials(), cloud::kCamGetUserAppId, Json::object());
  EXPECT_EQ(answer["AppId"], 1250000000);
  EXPECT_EQ(answer["OwnerUin"], kUin);
  const auto calls = stand_in_.CallsOf("GetUserAppId");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0].accepted);
  EXPECT_EQ(calls[0].host, "cam.tencentcloudapi.com");
  EXPECT_EQ(calls[0].region, "");  // spec/tencent.md §3.1: no region header for CAM
  EXPECT_EQ(calls[0].raw_body, "{}");
}

TEST_F(CloudClientsTencentStandInTest, WrongSecretKeyFailsTheStandInSignatureCheck) {
  try {
    api_.Call({.secret_id = kSecretId, .secret_key = "another-key"}, cloud::kCamGetUserAppId, {});
    FAIL() << "accepted a bad signature";
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "AuthFailure.SignatureFailure");
    EXPECT_EQ(std::string(error.what()).rfind("AuthFailure.SignatureFailure: ", 0), 0u);
    EXPECT_EQ(std::string(error.what()).find("another-key"), std::string::npos);
  }
  EXPECT_FALSE(stand_in_.Calls().at(0).accepted);
}

TEST_F(CloudClientsTencentStandInTest, UnknownSecretIdIsTencentsSecretIdNotFound) {
  try {
    api_.Call({.secret_id = "AKIDunknown", .secret_key = kSecretKey}, cloud::kCamGetUserAppId, {});
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "AuthFailure.SecretIdNotFound");
    EXPECT_FALSE(error.request_id().empty());
  }
}

TEST_F(CloudClientsTencentStandInTest, RegionHeaderIsSentOnlyWhenGiven) {
  api_.Call(Credentials(), cloud::kVodDescribeVodDomains, Json::object(), "ap-shanghai");
  api_.Call(Credentials(), cloud::kVodCreateService, Json::object());
  EXPECT_EQ(stand_in_.CallsOf("DescribeVodDomains").at(0).region, "ap-shanghai");
  EXPECT_EQ(stand_in_.CallsOf("CreateService").at(0).region, "");
  EXPECT_EQ(stand_in_.CallsOf("CreateService").at(0).host, "vod.tencentcloudapi.com");
}

TEST_F(CloudClientsTencentStandInTest, NullMembersAreDroppedAtAnyDepth) {
  api_.Call(Credentials(), cloud::kVodCreateStorageRegion,
            {{"StorageRegion", "ap-beijing"},
             {"SubAppId", nullptr},
             {"Extra", {{"a", nullptr}, {"b", Json::array({1, nullptr})}}}});
  EXPECT_EQ(stand_in_.CallsOf("CreateStorageRegion").at(0).raw_body,
            R"({"StorageRegion":"ap-beijing","Extra":{"b":[1,null]}})");
}

TEST_F(CloudClientsTencentStandInTest, HttpErrorStatusIsAnErrorWithoutCode) {
  stand_in_.Answer("GetUserAppId", 502, "{}");
  try {
    api_.Call(Credentials(), cloud::kCamGetUserAppId, {});
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "");
    EXPECT_NE(std::string(error.what()).find("HTTP 502"), std::string::npos) << error.what();
  }
}

TEST_F(CloudClientsTencentStandInTest, AnswerWithoutResponseObjectIsAnError) {
  stand_in_.Answer("GetUserAppId", 200, R"({"Result":{}})");
  EXPECT_THROW(api_.Call(Credentials(), cloud::kCamGetUserAppId, {}), TencentError);
  stand_in_.Answer("GetUserAppId", 200, "not json");
  EXPECT_THROW(api_.Call(Credentials(), cloud::kCamGetUserAppId, {}), TencentError);
}

TEST_F(CloudClientsTencentStandInTest, NothingListeningIsATransportError) {
  const test::RefusedPort nothing;
  const cloud::TencentApi unreachable(
      {.api = nothing.url(),
       .cos = "",
       .timeout = std::chrono::milliseconds(2000)});
  try {
    unreachable.Call(Credentials(), cloud::kCamGetUserAppId, {});
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "");
    EXPECT_NE(std::string(error.what()).find("cam GetUserAppId"), std::string::npos);
  }
}

TEST_F(CloudClientsTencentStandInTest, CosPutBucketIsSignedAndAccepted) {
  const std::string bucket = std::string("srs-test-") + kAppId;
  const auto answer = cos_.Send(Credentials(), {.method = "PUT",
                                                .bucket = bucket,
                                                .region = "ap-beijing",
                                                .headers = {{"x-cos-acl", "private"}}});
  EXPECT_EQ(answer.status, 200);
  const auto calls = stand_in_.CallsOf("PUT Bucket");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0].accepted);
  EXPECT_EQ(calls[0].host, bucket + ".cos.ap-beijing.myqcloud.com");
  EXPECT_EQ(calls[0].region, "ap-beijing");
}

TEST_F(CloudClientsTencentStandInTest, CosXmlErrorCarriesItsCode) {
  const std::string bucket = std::string("srs-test-") + kAppId;
  stand_in_.AddBucket(bucket);
  try {
    cos_.Send(Credentials(), {.method = "PUT", .bucket = bucket, .region = "ap-beijing"});
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "BucketAlreadyOwnedByYou");
    EXPECT_NE(std::string(error.what()).find("HTTP 409"), std::string::npos) << error.what();
    EXPECT_FALSE(error.request_id().empty());
  }
}

TEST_F(CloudClientsTencentStandInTest, CosWrongKeyFailsTheStandInSignatureCheck) {
  try {
    cos_.Send({.secret_id = kSecretId, .secret_key = "wrong"},
              {.method = "PUT",
               .bucket = std::string("b-") + kAppId,
               .region = "ap-beijing",
               .params = {{"cors", ""}},
               .headers = {{"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="}}});
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
  }
}

TEST(CosClientTest, PathDropsOneLeadingSlashOfTheKey) {
  EXPECT_EQ(cloud::CosClient::Path(""), "/");
  EXPECT_EQ(cloud::CosClient::Path("live/a.ts"), "/live/a.ts");
  EXPECT_EQ(cloud::CosClient::Path("/live/a.ts"), "/live/a.ts");
  EXPECT_EQ(cloud::CosClient::Host("b-1250000000", "ap-guangzhou"),
            "b-1250000000.cos.ap-guangzhou.myqcloud.com");
}

TEST(TencentRegionTest, TencentRegionsAndOthers) {
  for (const char* region : {"ap-guangzhou", "ap-beijing", "na-siliconvalley", "eu-frankfurt",
                             "sa-saopaulo", "ap-shanghai-fsi", "na-ashburn"}) {
    EXPECT_TRUE(cloud::IsTencentRegion(region)) << region;
  }
  for (const char* region :
       {"", "sgp1", "us-east-1", "ap-", "ap-Guangzhou", "ap-guangzhou-", "ap--x", "ap-guang zhou",
        "ap-guangzhou/../x", "xx-guangzhou", "ap-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    EXPECT_FALSE(cloud::IsTencentRegion(region)) << region;
  }
}

TEST(TencentEndpointsTest, ReadsAndChecksTheVariables) {
  test::TempDir home;
  const config::Settings defaults(home.path(), {});
  EXPECT_EQ(cloud::TencentEndpoints::FromSettings(defaults).api, "");
  EXPECT_EQ(cloud::TencentEndpoints::FromSettings(defaults).timeout, std::chrono::seconds(60));
  const config::Settings set(home.path(), {{"TENCENT_API_ENDPOINT", "http://127.0.0.1:9/"},
                                           {"TENCENT_COS_ENDPOINT", "https://cos.example"}});
  EXPECT_EQ(cloud::TencentEndpoints::FromSettings(set).api, "http://127.0.0.1:9");
  EXPECT_EQ(cloud::TencentEndpoints::FromSettings(set).cos, "https://cos.example");
  const config::Settings bad(home.path(), {{"TENCENT_COS_ENDPOINT", "ftp://x"}});
  EXPECT_THROW(cloud::TencentEndpoints::FromSettings(bad), std::invalid_argument);
}

}  // namespace
}  // namespace sc::tencent
