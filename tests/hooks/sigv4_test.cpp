#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>

#include "common/auth/digest.hpp"
#include "common/cloud/sigv4.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/http/url.hpp"

namespace sc::cloud {
namespace {

util::SystemTime At(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// The AWS SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html).
const AwsCredentials kSuiteKeys{.access_key_id = "AKIDEXAMPLE",
                                .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
const SigV4Scope kSuiteScope{.region = "us-east-1", .service = "service"};

SigV4Request SuiteGet(std::vector<std::pair<std::string, std::string>> query) {
  return {.method = "GET", .path = "/", .query = std::move(query),
          .headers = {{"Host", "example.amazonaws.com"}}, .payload_sha256 = {}};
}

TEST(SigV4Test, AwsSuiteGetVanilla) {
  const SigV4Headers signed_headers = Sign(SuiteGet({}), kSuiteKeys, kSuiteScope, At(2015, 8, 30, 12, 36, 0));
  EXPECT_EQ(signed_headers.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(signed_headers.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4Test, AwsSuiteQueryIsSortedBeforeSigning) {
  const SigV4Headers signed_headers = Sign(SuiteGet({{"Param2", "value2"}, {"Param1", "value1"}}), kSuiteKeys,
                                           kSuiteScope, At(2015, 8, 30, 12, 36, 0));
  EXPECT_TRUE(signed_headers.authorization.ends_with(
      "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
      << signed_headers.authorization;
}

// The S3 documentation's examples ("Signature Calculations for the Authorization Header" and
// "Query String Authentication"): bucket examplebucket, 2013-05-24.
const AwsCredentials kS3DocKeys{.access_key_id = "AKIAIOSFODNN7EXAMPLE",
                                .secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};

TEST(SigV4Test, S3DocumentationGetObjectWithRange) {
  const SigV4Request request{.method = "GET", .path = "/test.txt", .query = {},
                             .headers = {{"Host", "examplebucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"}},
                             .payload_sha256 = {}};
  const SigV4Headers signed_headers = Sign(request, kS3DocKeys, {}, At(2013, 5, 24, 0, 0, 0));
  EXPECT_EQ(signed_headers.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, S3DocumentationPresignedGet) {
  const SigV4Request request{.method = "GET", .path = "/test.txt", .query = {},
                             .headers = {{"Host", "examplebucket.s3.amazonaws.com"}}, .payload_sha256 = {}};
  EXPECT_EQ(PresignQuery(request, kS3DocKeys, {}, At(2013, 5, 24, 0, 0, 0), 86400),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_THROW(PresignQuery(request, kS3DocKeys, {}, At(2013, 5, 24, 0, 0, 0), 0), std::invalid_argument);
}

TEST(SigV4Test, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(UriEncode("a b/c~d_e.f-g+h=é", true), "a%20b/c~d_e.f-g%2Bh%3D%C3%A9");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
}

// curl's own SigV4 (--aws-sigv4) as a second, independent implementation: a loopback server
// records what curl sends, and our signer must produce the same Authorization for it. curl 7.88
// signs the query string as written (it neither sorts nor re-encodes it; curl 8.1 does), so the
// queries here are already canonical; the AWS suite above covers sorting.
class CurlSigV4Test : public ::testing::Test {
 protected:
  CurlSigV4Test() {
    router_.Prefix("/bucket", [this](const http::Request& request) {
      std::lock_guard lock(mutex_);
      seen_ = request;
      return http::Response::Text(200, "ok");
    }, true);
    port_ = server_.Start();
  }

  // Runs curl; returns the request it made.
  http::Request CurlSends(const std::string& args, const std::string& body,
                          const std::string& target) {
    const std::string command = "curl -sS -o /dev/null --aws-sigv4 'aws:amz:eu-west-3:s3' --user 'AKIDCURL:curl/secret+key' " +
                                args + " 'http://127.0.0.1:" + std::to_string(port_) + target + "' 2>&1";
    FILE* curl = popen(command.c_str(), "w");
    EXPECT_NE(curl, nullptr);
    fwrite(body.data(), 1, body.size(), curl);
    const int status = pclose(curl);
    EXPECT_EQ(status, 0) << command;
    std::lock_guard lock(mutex_);
    return seen_;
  }

  // Our signature for the request curl made, signing the headers curl signed.
  static std::string OurAuthorization(const http::Request& sent, const std::string& body) {
    const std::string authorization = sent.headers.Get("Authorization").value_or("");
    const auto list_start = authorization.find("SignedHeaders=") + 14;
    const std::string list = authorization.substr(list_start, authorization.find(',', list_start) - list_start);
    SigV4Request request{.method = sent.method, .path = sent.target.substr(0, sent.target.find('?')),
                         .query = {}, .headers = {}, .payload_sha256 = auth::Sha256Hex(body),
                         .content_sha256_header = false};
    for (size_t start = 0; start <= list.size();) {
      const size_t end = std::min(list.find(';', start), list.size());
      const std::string name = list.substr(start, end - start);
      if (name != "x-amz-date") request.headers.emplace_back(name, sent.headers.Get(name).value_or(""));
      start = end + 1;
    }
    std::string_view query = sent.query;
    while (!query.empty()) {
      const std::string_view pair = query.substr(0, query.find('&'));
      query.remove_prefix(std::min(query.size(), pair.size() + 1));
      const auto eq = pair.find('=');
      request.query.emplace_back(*http::PercentDecode(pair.substr(0, eq), false),
                                 *http::PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), false));
    }
    const std::string amz_date = sent.headers.Get("X-Amz-Date").value_or("");
    std::tm tm{};
    strptime(amz_date.c_str(), "%Y%m%dT%H%M%SZ", &tm);
    return Sign(request, {.access_key_id = "AKIDCURL", .secret_access_key = "curl/secret+key"},
                {.region = "eu-west-3", .service = "s3"}, std::chrono::system_clock::from_time_t(timegm(&tm)))
        .authorization;
  }

  std::mutex mutex_;
  http::Request seen_{};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 1, .access_log = false}};
  std::uint16_t port_ = 0;
};

TEST_F(CurlSigV4Test, PutWithBodyAndContentType) {
  const std::string body = "segment bytes \x01\x02";
  const http::Request sent =
      CurlSends("-X PUT --data-binary @- -H 'Content-Type: video/MP2T'", body, "/bucket/a%20b/seg-1.ts?a=b&x=1");
  ASSERT_TRUE(sent.headers.Has("Authorization"));
  EXPECT_NE(sent.headers.Get("Authorization")->find("content-type;host;x-amz-date"), std::string::npos);
  EXPECT_EQ(OurAuthorization(sent, body), sent.headers.Get("Authorization"));
}

TEST_F(CurlSigV4Test, GetWithoutBody) {
  for (const char* target : {"/bucket/seg-1.ts", "/bucket/a%20b/c~d.ts", "/bucket/a.ts?list-type=2&prefix=abc"}) {
    const http::Request sent = CurlSends("-G", "", target);
    EXPECT_EQ(OurAuthorization(sent, ""), sent.headers.Get("Authorization")) << target;
  }
}

}  // namespace
}  // namespace sc::cloud
