#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/auth/digest.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "releases/routes.hpp"
#include "sc/version.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"

namespace sc::releases {
namespace {

// Contract level: the real router and server on an ephemeral port, exact bodies.
class ReleasesRoutesTest : public ::testing::Test {
 protected:
  ReleasesRoutesTest() {
    RegisterRoutes(router_, api_, "local");
    port_ = server_.Start();
  }

  http::ClientResponse Get(const std::string& target,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    return test::Fetch(port_, "GET", target, "", std::move(headers));
  }

  const std::string api_version_ = std::string("v") + kVersion;
  test::TempDir artifacts_dir_;
  ArtifactStore artifacts_{artifacts_dir_.path()};
  const ReleasesApi api_{{.stable = "v1.0.191", .latest = "v1.0.196"}, artifacts_};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2}};
  std::uint16_t port_ = 0;
};

TEST_F(ReleasesRoutesTest, AnswersUnwrappedVersions) {
  const auto response = Get("/terraform/v1/releases?version=v1.0.100&ts=1&nid=x");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body,
            R"({"stable":"v1.0.191","latest":"v1.0.196","api":")" + api_version_ + R"("})");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
}

// tests-original.md §6.6
TEST_F(ReleasesRoutesTest, FeedbackEchoesTheForwardedAddress) {
  const auto response =
      Get("/terraform/v1/releases?feedback=1", {{"X-Forwarded-For", "1.2.3.4, 5.6.7.8"}});
  EXPECT_EQ(response.body, R"({"stable":"v1.0.191","latest":"v1.0.196","api":")" + api_version_ +
                               R"(","addr":{"rip":"1.2.3.4","fwd":"1.2.3.4, 5.6.7.8"}})");
}

TEST_F(ReleasesRoutesTest, FeedbackWithClientIpAndNoForwardedHeader) {
  const auto response = Get("/terraform/v1/releases?clientip=9.9.9.9&feedback=1");
  EXPECT_NE(response.body.find(R"("addr":{"rip":"9.9.9.9"}})"), std::string::npos) << response.body;
}

TEST_F(ReleasesRoutesTest, FeedbackZeroCountsAndEmptyDoesNot) {
  EXPECT_NE(Get("/terraform/v1/releases?feedback=0").body.find(R"("addr":{"rip":"127.0.0.1"})"),
            std::string::npos);
  EXPECT_EQ(Get("/terraform/v1/releases?feedback=").body.find("addr"), std::string::npos);
}

TEST_F(ReleasesRoutesTest, RepeatedQueryKeysTakeTheFirstValue) {
  EXPECT_NE(Get("/terraform/v1/releases?clientip=1.1.1.1&clientip=2.2.2.2&feedback=1")
                .body.find(R"("rip":"1.1.1.1")"),
            std::string::npos);
}

TEST_F(ReleasesRoutesTest, VersionsHasNoVPrefix) {
  const auto response = Get("/terraform/v1/releases/versions");
  EXPECT_EQ(response.body, std::string(R"({"code":0,"data":{"version":")") + kVersion + "\"}}");
}

TEST_F(ReleasesRoutesTest, StagePrefixServesTheSameRoutes) {
  EXPECT_EQ(Get("/local/terraform/v1/releases/versions").body,
            Get("/terraform/v1/releases/versions").body);
  EXPECT_EQ(Get("/local/terraform/v1/releases").body, Get("/terraform/v1/releases").body);
  EXPECT_EQ(Get("/prod/terraform/v1/releases").status, 404);
}

TEST_F(ReleasesRoutesTest, AnyMethodCaseAndTrailingSlash) {
  EXPECT_EQ(test::Fetch(port_, "POST", "/Terraform/V1/Releases/").status, 200);
  EXPECT_EQ(test::Fetch(port_, "DELETE", "/terraform/v1/releases/versions").status, 200);
}

TEST_F(ReleasesRoutesTest, UnknownPathIsPlainNotFound) {
  const auto response = Get("/terraform/v1/releases/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "Not Found");
}

TEST_F(ReleasesRoutesTest, CorsReflectsTheOrigin) {
  EXPECT_EQ(Get("/terraform/v1/releases", {{"Origin", "http://x.example"}})
                .headers.Get("Access-Control-Allow-Origin"),
            "http://x.example");
}

TEST_F(ReleasesRoutesTest, ArtifactOfTheStableVersionIsNamedAndServed) {
  const std::string content(200000, 'a');
  std::ofstream(artifacts_dir_.path() + "/srs-cloud-v1.0.191.tar.gz") << content;
  const auto answer = Json::parse(Get("/terraform/v1/releases").body);
  ASSERT_TRUE(answer.contains("artifact")) << answer.dump();
  EXPECT_EQ(answer["artifact"]["name"], "srs-cloud-v1.0.191.tar.gz");
  EXPECT_EQ(answer["artifact"]["url"], "/terraform/v1/releases/artifacts/srs-cloud-v1.0.191.tar.gz");
  EXPECT_EQ(answer["artifact"]["sha256"], auth::Sha256Hex(content));
  EXPECT_EQ(answer["artifact"]["size"], 200000);

  const auto file = Get(answer["artifact"]["url"].get<std::string>());
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, content);
  EXPECT_EQ(file.headers.Get("Content-Type"), "application/gzip");
}

TEST_F(ReleasesRoutesTest, EachOfferedVersionWithATarballIsListedForTheUpgradeScript) {
  std::ofstream(artifacts_dir_.path() + "/srs-cloud-v1.0.191.tar.gz") << "stable";
  std::ofstream(artifacts_dir_.path() + "/srs-cloud-v1.0.196.tar.gz") << "latest";
  std::ofstream(artifacts_dir_.path() + "/srs-cloud-v1.0.100.tar.gz") << "not offered";
  auto answer = Json::parse(Get("/terraform/v1/releases").body);
  ASSERT_EQ(answer["artifacts"].size(), 2u) << answer.dump();
  EXPECT_EQ(answer["artifacts"]["v1.0.191"], answer["artifact"]);
  EXPECT_EQ(answer["artifacts"]["v1.0.196"]["url"],
            "/terraform/v1/releases/artifacts/srs-cloud-v1.0.196.tar.gz");
  EXPECT_EQ(answer["artifacts"]["v1.0.196"]["sha256"], auth::Sha256Hex("latest"));

  std::filesystem::remove(artifacts_dir_.path() + "/srs-cloud-v1.0.191.tar.gz");
  answer = Json::parse(Get("/terraform/v1/releases").body);
  EXPECT_FALSE(answer.contains("artifact"));
  EXPECT_EQ(answer["artifacts"].size(), 1u);
}

TEST_F(ReleasesRoutesTest, ArtifactDigestFollowsAReplacedFile) {
  const std::string path = artifacts_dir_.path() + "/srs-cloud-v1.0.191.tar.gz";
  std::ofstream(path) << "one";
  EXPECT_EQ(Json::parse(Get("/terraform/v1/releases").body)["artifact"]["sha256"],
            auth::Sha256Hex("one"));
  std::ofstream(path) << "second";
  EXPECT_EQ(Json::parse(Get("/terraform/v1/releases").body)["artifact"]["sha256"],
            auth::Sha256Hex("second"));
}

TEST_F(ReleasesRoutesTest, ArtifactPathTricksAreNotFound) {
  test::TempDir outside;
  std::ofstream(outside.path() + "/secret.tar.gz") << "secret";
  std::ofstream(artifacts_dir_.path() + "/.hidden.tar.gz") << "hidden";
  std::filesystem::create_symlink(outside.path() + "/secret.tar.gz",
                                  artifacts_dir_.path() + "/link.tar.gz");
  std::filesystem::create_directory(artifacts_dir_.path() + "/dir.tar.gz");
  for (const std::string name :
       {"..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fsecret.tar.gz", ".hidden.tar.gz", "link.tar.gz",
        "dir.tar.gz", "missing.tar.gz", "a%00b"}) {
    const auto response = Get("/terraform/v1/releases/artifacts/" + name);
    EXPECT_EQ(response.status, 404) << name;
    EXPECT_EQ(response.body, "Not Found") << name;
  }
  EXPECT_EQ(Get("/terraform/v1/releases/artifacts/../../../etc/passwd").status, 404);
}

TEST(ReleasesWithoutArtifactsTest, NoFolderMeansNoArtifactField) {
  ArtifactStore none{""};
  const ReleasesApi api({.stable = "v1", .latest = "v2"}, none);
  http::Request request;
  EXPECT_EQ(api.Releases(request).body.find("artifact"), std::string::npos);
  request.params["name"] = "x.tar.gz";
  EXPECT_EQ(api.Artifact(request).status, 404);
}

}  // namespace
}  // namespace sc::releases
