#include "common/cloud/cos_bucket_setup.hpp"

#include "common/auth/digest.hpp"
#include "common/cloud/cam_account.hpp"
#include "common/redis/keys.hpp"

namespace sc::cloud {
namespace {

namespace keys = redis::keys;

// spec/tencent.md §4.1 step 2: anonymous read of objects, no listing.
std::string PolicyDocument(const std::string& region, const std::string& app_id,
                           const std::string& bucket) {
  const Json policy = {
      {"version", "2.0"},
      {"Statement",
       Json::array({{{"Effect", "Allow"},
                     {"Principal", {{"qcs", Json::array({"qcs::cam::anyone:anyone"})}}},
                     {"Action", Json::array({"name/cos:HeadBucket", "name/cos:ListMultipartUploads",
                                             "name/cos:ListParts", "name/cos:GetObject",
                                             "name/cos:HeadObject", "name/cos:OptionsObject"})},
                     {"Resource", Json::array({"qcs::cos:" + region + ":uid/" + app_id + ":" +
                                               bucket + "/*"})}}})}};
  return Stringify(policy);
}

// spec/tencent.md §4.1 step 3.
std::string CorsDocument() {
  std::string rule = "<AllowedOrigin>*</AllowedOrigin>";
  for (const char* method : {"GET", "POST", "PUT", "DELETE", "HEAD"}) {
    rule += std::string("<AllowedMethod>") + method + "</AllowedMethod>";
  }
  rule += "<AllowedHeader>*</AllowedHeader>";
  for (const char* header : {"ETag", "Content-Length", "x-cos-request-id"}) {
    rule += std::string("<ExposeHeader>") + header + "</ExposeHeader>";
  }
  rule += "<MaxAgeSeconds>0</MaxAgeSeconds>";
  return "<CORSConfiguration><CORSRule>" + rule + "</CORSRule></CORSConfiguration>";
}

std::string ContentMd5(const std::string& body) { return auth::Base64Encode(auth::Md5(body)); }

}  // namespace

std::string CosBucketName(const std::string& app_id, const std::string& region) {
  const std::string nonce = auth::Sha256Hex("srs-lighthouse/" + app_id + "/" + region).substr(0, 4);
  return "srs-lighthouse-" + nonce + "-" + app_id;
}

void EnsureCosBucket(redis::Client& redis, const CosClient& cos, const std::string& region) {
  const auto account = LoadCamAccount(redis);
  if (!account) {
    spdlog::warn("COS setup skipped: no Tencent Cloud account in {}", keys::kSrsTencentCam);
    return;
  }
  const TencentCredentials& credentials = account->credentials;

  std::string bucket = redis.Hget(keys::kSrsTencentCos, "bucket").value_or("");
  if (bucket.empty()) {
    bucket = CosBucketName(account->app_id, region);
    try {
      cos.Send(credentials, {.method = "PUT",
                             .bucket = bucket,
                             .region = region,
                             .headers = {{"x-cos-acl", "private"}}});
      spdlog::info("COS bucket {} created in {}", bucket, region);
    } catch (const TencentError& error) {
      if (error.code() != "BucketAlreadyOwnedByYou") throw;
      spdlog::info("COS bucket {} already exists in {}", bucket, region);
    }
    redis.Command({"HSET", keys::kSrsTencentCos, "bucket", bucket, "location",
                   CosClient::Host(bucket, region)});
  }

  if (!redis.Hget(keys::kSrsTencentCos, "policy")) {
    const std::string policy = PolicyDocument(region, account->app_id, bucket);
    cos.Send(credentials, {.method = "PUT",
                           .bucket = bucket,
                           .region = region,
                           .params = {{"policy", ""}},
                           .headers = {{"Content-Type", "application/json"},
                                       {"Content-MD5", ContentMd5(policy)}},
                           .body = policy});
    redis.Hset(keys::kSrsTencentCos, "policy", "read-without-list-files");
    spdlog::info("COS bucket {}: objects readable without listing", bucket);
  }

  if (!redis.Hget(keys::kSrsTencentCos, "cors")) {
    const std::string cors = CorsDocument();
    cos.Send(credentials,
             {.method = "PUT",
              .bucket = bucket,
              .region = region,
              .params = {{"cors", ""}},
              .headers = {{"Content-Type", "application/xml"}, {"Content-MD5", ContentMd5(cors)}},
              .body = cors});
    redis.Hset(keys::kSrsTencentCos, "cors", "true");
    spdlog::info("COS bucket {}: CORS set", bucket);
  }
}

}  // namespace sc::cloud
