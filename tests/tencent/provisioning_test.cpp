#include "common/cloud/cos_bucket_setup.hpp"
#include "common/cloud/vod_service_setup.hpp"
#include "tests/tencent/tencent_test.hpp"

namespace sc::tencent {
namespace {

using cloud::TencentError;

// COS bucket and VoD service provisioning (spec/tencent.md §4) against the stand-in.
class ProvisioningTencentStandInTest : public TencentStandInTest {
 protected:
  ProvisioningTencentStandInTest() { StoreAccount(); }
  std::string Bucket() const { return cloud::CosBucketName(kAppId, kRegion); }
  void EnsureCos() { cloud::EnsureCosBucket(redis(), cos_, kRegion); }
  void EnsureVod() { cloud::EnsureVodService(redis(), api_, kRegion); }
};

TEST_F(ProvisioningTencentStandInTest, BucketNameIsPerAccountAndRegion) {
  const std::string name = cloud::CosBucketName("1250000000", "ap-guangzhou");
  EXPECT_TRUE(name.starts_with("srs-lighthouse-")) << name;
  EXPECT_TRUE(name.ends_with("-1250000000")) << name;
  EXPECT_EQ(name.size(), std::string("srs-lighthouse-3fa9-1250000000").size());
  EXPECT_EQ(name, cloud::CosBucketName("1250000000", "ap-guangzhou"));
  EXPECT_NE(name, cloud::CosBucketName("1250000000", "ap-beijing"));
}

TEST_F(ProvisioningTencentStandInTest, CosCreatesThePrivateBucketThenPolicyAndCors) {
  EnsureCos();
  EXPECT_EQ(
      Hash(keys::kSrsTencentCos),
      (std::map<std::string, std::string>{{"bucket", Bucket()},
                                          {"location", Bucket() + ".cos.ap-guangzhou.myqcloud.com"},
                                          {"policy", "read-without-list-files"},
                                          {"cors", "true"}}));
  const auto calls = stand_in_.Calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].action, "PUT Bucket");
  EXPECT_EQ(calls[1].action, "PUT Bucket policy");
  EXPECT_EQ(calls[2].action, "PUT Bucket cors");
  for (const auto& call : calls) {
    EXPECT_TRUE(call.accepted) << call.action;
    EXPECT_EQ(call.bucket, Bucket());
    EXPECT_EQ(call.region, kRegion);
  }
  EXPECT_EQ(
      calls[1].raw_body,
      R"({"version":"2.0","Statement":[{"Effect":"Allow","Principal":{"qcs":["qcs::cam::anyone:anyone"]},)"
      R"("Action":["name/cos:HeadBucket","name/cos:ListMultipartUploads","name/cos:ListParts",)"
      R"("name/cos:GetObject","name/cos:HeadObject","name/cos:OptionsObject"],)"
      R"("Resource":["qcs::cos:ap-guangzhou:uid/1250000000:)" +
          Bucket() + R"(/*"]}]})");
  EXPECT_EQ(calls[2].raw_body,
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
            "<AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod>"
            "<AllowedMethod>PUT</AllowedMethod><AllowedMethod>DELETE</AllowedMethod>"
            "<AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader>"
            "<ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader>"
            "<ExposeHeader>x-cos-request-id</ExposeHeader><MaxAgeSeconds>0</MaxAgeSeconds>"
            "</CORSRule></CORSConfiguration>");
}

TEST_F(ProvisioningTencentStandInTest, CosSecondRunCallsNothing) {
  EnsureCos();
  stand_in_.Clear();
  EnsureCos();
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(ProvisioningTencentStandInTest, CosFindsABucketItOwnsAlready) {
  stand_in_.AddBucket(Bucket());  // e.g. Redis was reset, or a crash after PUT Bucket
  EnsureCos();
  EXPECT_EQ(Hash(keys::kSrsTencentCos)["bucket"], Bucket());
  EXPECT_EQ(Hash(keys::kSrsTencentCos)["cors"], "true");
}

TEST_F(ProvisioningTencentStandInTest, CosFailedCreateLeavesNoBucketField) {
  stand_in_.Answer("PUT Bucket", 403,
                   "<Error><Code>AccessDenied</Code><Message>no COS permission</Message></Error>");
  try {
    EnsureCos();
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "AccessDenied");
  }
  EXPECT_TRUE(Hash(keys::kSrsTencentCos).empty());
}

TEST_F(ProvisioningTencentStandInTest, CosFailedPolicyIsRetriedAloneNextTime) {
  stand_in_.Answer("PUT Bucket policy", 500, "<Error><Code>InternalError</Code></Error>");
  EXPECT_THROW(EnsureCos(), TencentError);
  EXPECT_EQ(Hash(keys::kSrsTencentCos).count("bucket"), 1u);
  EXPECT_EQ(Hash(keys::kSrsTencentCos).count("policy"), 0u);
  stand_in_.Clear();
  EnsureCos();
  const auto calls = stand_in_.Calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].action, "PUT Bucket policy");
  EXPECT_EQ(calls[1].action, "PUT Bucket cors");
}

TEST_F(ProvisioningTencentStandInTest, NothingHappensWithoutAnAccount) {
  redis().Del(keys::kSrsTencentCam);
  EnsureCos();
  EnsureVod();
  EXPECT_TRUE(stand_in_.Calls().empty());
  EXPECT_TRUE(Hash(keys::kSrsTencentCos).empty());
  EXPECT_TRUE(Hash(keys::kSrsTencentVod).empty());
}

TEST_F(ProvisioningTencentStandInTest, VodOpensServiceStorageAndRecordsTemplatesAndDomain) {
  EnsureVod();
  auto vod = Hash(keys::kSrsTencentVod);
  EXPECT_EQ(vod["service"], "ok");
  EXPECT_EQ(vod["storage"], kRegion);
  const Json transcode = Json::parse(vod["transcode"]);
  EXPECT_EQ(transcode["nn"], 4);  // five presets, one deprecated
  for (const Json& item : transcode["templates"]) {
    EXPECT_EQ(item["Name"].get<std::string>().find("Deprecated"), std::string::npos);
  }
  EXPECT_EQ(
      vod["remux"],
      R"({"definition":875,"name":"MP4-Remux","comment":"preset MP4-Remux","container":"mp4",)"
      R"("update":"2021-06-01T12:00:00Z"})");
  EXPECT_EQ(vod["domain"], std::string(kAppId) + ".vod2.myqcloud.com");

  const auto calls = stand_in_.Calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].action, "CreateService");
  EXPECT_EQ(calls[0].raw_body, "{}");
  EXPECT_EQ(calls[0].region, "");
  EXPECT_EQ(calls[1].action, "CreateStorageRegion");
  EXPECT_EQ(calls[1].raw_body, R"({"StorageRegion":"ap-guangzhou"})");
  EXPECT_EQ(calls[1].region, "");
  EXPECT_EQ(calls[2].action, "DescribeTranscodeTemplates");
  EXPECT_EQ(
      calls[2].raw_body,
      R"({"Type":"Preset","ContainerType":"Video","Limit":100,"Offset":0,"TEHDType":"Common"})");
  EXPECT_EQ(calls[2].region, kRegion);
  EXPECT_EQ(calls[3].action, "DescribeVodDomains");
  EXPECT_EQ(calls[3].region, kRegion);
  for (const auto& call : calls) EXPECT_TRUE(call.accepted) << call.action;
}

TEST_F(ProvisioningTencentStandInTest, VodSecondRunCallsNothing) {
  EnsureVod();
  stand_in_.Clear();
  EnsureVod();
  EXPECT_TRUE(stand_in_.Calls().empty());
}

TEST_F(ProvisioningTencentStandInTest, VodToleratesServiceAndStorageThatExistAlready) {
  stand_in_.Fail("CreateService", "FailedOperation.ServiceExist", "Service already exists.");
  stand_in_.Fail("CreateStorageRegion", "FailedOperation.StorageRegionExist", "Already enabled.");
  EnsureVod();
  EXPECT_EQ(Hash(keys::kSrsTencentVod)["service"], "ok");
  EXPECT_EQ(Hash(keys::kSrsTencentVod)["storage"], kRegion);
}

TEST_F(ProvisioningTencentStandInTest, VodOtherErrorsStopTheSetupAndKeepDoneSteps) {
  stand_in_.Fail("CreateStorageRegion", "InvalidParameterValue.StorageRegion", "Not supported.");
  try {
    EnsureVod();
    FAIL();
  } catch (const TencentError& error) {
    EXPECT_EQ(error.code(), "InvalidParameterValue.StorageRegion");
  }
  EXPECT_EQ(Hash(keys::kSrsTencentVod), (std::map<std::string, std::string>{{"service", "ok"}}));
}

TEST_F(ProvisioningTencentStandInTest, VodWithoutRemuxTemplateOrOnlineDomainLeavesThemUnset) {
  stand_in_.Answer(
      "DescribeTranscodeTemplates", 200,
      R"({"Response":{"TotalCount":1,"TranscodeTemplateSet":[{"Definition":10,"Name":"MP4-SD",)"
      R"("Container":"mp4","VideoTemplate":{"Codec":"libx264"}}],"RequestId":"r1"}})");
  stand_in_.Answer(
      "DescribeVodDomains", 200,
      R"({"Response":{"TotalCount":1,"DomainSet":[{"Domain":"a.example","DeployStatus":"Deploying"}],)"
      R"("RequestId":"r2"}})");
  EnsureVod();
  auto vod = Hash(keys::kSrsTencentVod);
  EXPECT_EQ(Json::parse(vod["transcode"])["nn"], 1);
  EXPECT_EQ(vod.count("remux"), 0u);
  EXPECT_EQ(vod.count("domain"), 0u);
  // Both are looked for again on the next run (the domain may come online later).
  stand_in_.Clear();
  EnsureVod();
  EXPECT_EQ(stand_in_.CallsOf("DescribeVodDomains").size(), 1u);
  EXPECT_EQ(Hash(keys::kSrsTencentVod)["domain"], std::string(kAppId) + ".vod2.myqcloud.com");
}

}  // namespace
}  // namespace sc::tencent
