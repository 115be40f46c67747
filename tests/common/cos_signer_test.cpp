#include "common/cloud/cos_signer.hpp"

#include <gtest/gtest.h>

#include "common/auth/digest.hpp"

namespace sc::cloud {
namespace {

// COS's published signing examples ("请求签名" / "Request Signature", document 436/7778), with
// the document's key pair, inputs and every intermediate value.
const TencentCredentials kPublishedKeys{.secret_id = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q",
                                        .secret_key = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz"};

// "Uploading an Object": PUT /exampleobject(腾讯云) with seven signed headers.
CosSignedRequest PublishedUpload() {
  return {.method = "PUT",
          .path = "/exampleobject(腾讯云)",
          .params = {},
          .headers = {{"Date", "Thu, 16 May 2019 06:45:51 GMT"},
                      {"Host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"},
                      {"Content-Type", "text/plain"},
                      {"Content-Length", "13"},
                      {"Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="},
                      {"x-cos-acl", "private"},
                      {"x-cos-grant-read", "uin=\"100000000011\""}}};
}

TEST(CosSignerTest, PublishedUploadIntermediateValues) {
  const std::string key_time = CosKeyTime(1557989151, 1557996351);
  EXPECT_EQ(key_time, "1557989151;1557996351");
  EXPECT_EQ(auth::ToHex(auth::HmacSha1(kPublishedKeys.secret_key, key_time)),
            "eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f");
  const CosSignedRequest request = PublishedUpload();
  EXPECT_EQ(CosNameList(request.headers),
            "content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read");
  EXPECT_EQ(
      CosHttpString(request),
      "put\n/exampleobject(腾讯云)\n\ncontent-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D"
      "&content-type=text%2Fplain&date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT"
      "&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com&x-cos-acl=private"
      "&x-cos-grant-read=uin%3D%22100000000011%22\n");
  EXPECT_EQ(CosStringToSign(key_time, request),
            "sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n");
}

TEST(CosSignerTest, PublishedUploadAuthorization) {
  EXPECT_EQ(CosAuthorization(kPublishedKeys, CosKeyTime(1557989151, 1557996351), PublishedUpload()),
            "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
            "&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351"
            "&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;"
            "x-cos-grant-read&q-url-param-list="
            "&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172");
}

// "Downloading an Object": GET with two query parameters, given out of order.
TEST(CosSignerTest, PublishedDownloadAuthorization) {
  const CosSignedRequest request{
      .method = "get",
      .path = "/exampleobject(腾讯云)",
      .params = {{"response-content-type", "application/octet-stream"},
                 {"response-cache-control", "max-age=600"}},
      .headers = {{"Date", "Thu, 16 May 2019 06:55:53 GMT"},
                  {"Host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"}}};
  const std::string key_time = CosKeyTime(1557989753, 1557996953);
  EXPECT_EQ(auth::ToHex(auth::HmacSha1(kPublishedKeys.secret_key, key_time)),
            "937914bf490e9e8c189836aad2052e4feeb35eaf");
  EXPECT_EQ(
      CosFormatPairs(request.params),
      "response-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream");
  EXPECT_EQ(CosStringToSign(key_time, request),
            "sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n");
  EXPECT_EQ(CosAuthorization(kPublishedKeys, key_time, request),
            "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
            "&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953"
            "&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type"
            "&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012");
}

// The example's Content-MD5 is base64(MD5) of its 13-byte body "ObjectContent".
TEST(CosSignerTest, PublishedContentMd5) {
  EXPECT_EQ(auth::Base64Encode(auth::Md5("ObjectContent")), "mQ/fVh815F3k6TAUm8m0eg==");
  EXPECT_EQ(auth::Base64Encode(""), "");
  EXPECT_EQ(auth::Base64Encode("a"), "YQ==");
}

TEST(CosSignerTest, ValuelessSubresourceIsSignedAsNameEquals) {
  const CosSignedRequest request{
      .method = "PUT", .path = "/", .params = {{"cors", ""}}, .headers = {}};
  EXPECT_EQ(CosHttpString(request), "put\n/\ncors=\n\n");
  EXPECT_EQ(CosNameList(request.params), "cors");
}

TEST(CosSignerTest, EncodesTheCharactersEncodeUriComponentLeaves) {
  EXPECT_EQ(CosFormatPairs({{"X-Cos-Meta-A", "!'()* ~"}}), "x-cos-meta-a=%21%27%28%29%2A%20~");
}

}  // namespace
}  // namespace sc::cloud
