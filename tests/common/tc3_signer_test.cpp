#include "common/cloud/tc3_signer.hpp"

#include <gtest/gtest.h>

namespace sc::cloud {
namespace {

// Tencent Cloud's published TC3-HMAC-SHA256 walkthrough ("签名方法 v3", CVM DescribeInstances in
// ap-guangzhou, POST): inputs and every intermediate value as the document prints them. The
// document masks the key pair with asterisks; the published digests are for those literal strings.
Tc3Request PublishedPostExample() {
  return {
      .method = "POST",
      .host = "cvm.tencentcloudapi.com",
      .service = "cvm",
      .query = "",
      .content_type = "application/json; charset=utf-8",
      .payload =
          R"({"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]})",
      .timestamp = 1551113065};
}
const TencentCredentials kPublishedPostKeys{.secret_id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
                                            .secret_key = "Gu5t9xGARNpq86cd98joQYCN3*******"};

TEST(Tc3SignerTest, PublishedPostExampleCanonicalRequest) {
  EXPECT_EQ(
      Tc3CanonicalRequest(PublishedPostExample()),
      "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n"
      "content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
}

TEST(Tc3SignerTest, PublishedPostExampleStringToSignUsesTheUtcDate) {
  // 1551113065 is 2019-02-26 00:44:25 in UTC+8 but 2019-02-25 in UTC: the scope takes UTC.
  EXPECT_EQ(Tc3Date(1551113065), "2019-02-25");
  EXPECT_EQ(Tc3StringToSign(PublishedPostExample()),
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
            "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
}

TEST(Tc3SignerTest, PublishedPostExampleAuthorization) {
  EXPECT_EQ(Tc3Signature(kPublishedPostKeys.secret_key, PublishedPostExample()),
            "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
  EXPECT_EQ(Tc3Authorization(kPublishedPostKeys, PublishedPostExample()),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/"
            "tc3_request, SignedHeaders=content-type;host, "
            "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
}

// The same guide's GET variant with the EXAMPLE key pair (Limit=10&Offset=0, timestamp
// 1539084154), as published in its Japanese and earlier Chinese editions.
TEST(Tc3SignerTest, PublishedGetExampleWithExampleKeys) {
  const Tc3Request request{.method = "GET",
                           .host = "cvm.tencentcloudapi.com",
                           .service = "cvm",
                           .query = "Limit=10&Offset=0",
                           .content_type = "application/x-www-form-urlencoded",
                           .payload = "",
                           .timestamp = 1539084154};
  EXPECT_EQ(Tc3StringToSign(request),
            "TC3-HMAC-SHA256\n1539084154\n2018-10-09/cvm/tc3_request\n"
            "91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7");
  EXPECT_EQ(Tc3Authorization({.secret_id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                              .secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"},
                             request),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2018-10-09/cvm/"
            "tc3_request, SignedHeaders=content-type;host, "
            "Signature=5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474");
}

TEST(Tc3SignerTest, EveryInputChangesTheSignature) {
  const Tc3Request base = PublishedPostExample();
  const std::string reference = Tc3Signature("key", base);
  auto with = [&base](auto change) {
    Tc3Request changed = base;
    change(changed);
    return Tc3Signature("key", changed);
  };
  EXPECT_NE(Tc3Signature("other", base), reference);
  EXPECT_NE(with([](Tc3Request& r) { r.payload += " "; }), reference);
  EXPECT_NE(with([](Tc3Request& r) { r.host = "cam.tencentcloudapi.com"; }), reference);
  EXPECT_NE(with([](Tc3Request& r) { r.service = "cam"; }), reference);
  EXPECT_NE(with([](Tc3Request& r) { r.timestamp += 1; }), reference);
  EXPECT_NE(with([](Tc3Request& r) { r.content_type = "application/json"; }), reference);
  EXPECT_NE(with([](Tc3Request& r) { r.method = "GET"; }), reference);
}

}  // namespace
}  // namespace sc::cloud
