#include <fstream>

#include "tests/platform/platform_test.hpp"

namespace sc::platform {
namespace {

class UiFilesTest : public PlatformWithRecordingMgmtTest {
 protected:
  UiFilesTest() {
    std::filesystem::create_directories(ui_dir() / "assets");
    std::ofstream(ui_dir() / "index.html") << "<!doctype html><div id=root></div>";
    std::ofstream(ui_dir() / "assets/index-AbC123xy.js") << "console.log(1)";
    std::ofstream(ui_dir() / "favicon.ico") << "icon";
    std::ofstream(acme_dir() / "token-abc") << "token-abc.thumbprint";
    std::ofstream(std::filesystem::path(home_.path()) / "secret.txt") << "secret";
  }
  http::ClientResponse Get(const std::string& target,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    return test::Fetch(port_, "GET", target, "", std::move(headers));
  }
};

TEST_F(UiFilesTest, IndexIsServedWithoutLongCache) {
  for (const char* target : {"/mgmt/", "/mgmt/index.html"}) {
    const auto response = Get(target);
    EXPECT_EQ(response.status, 200) << target;
    EXPECT_EQ(response.body, "<!doctype html><div id=root></div>");
    EXPECT_EQ(response.headers.Get("Cache-Control"), "public, max-age=0");
    EXPECT_EQ(response.headers.Get("Content-Type"), "text/html; charset=utf-8");
  }
}

TEST_F(UiFilesTest, HashedAssetsAreCachedForAYear) {
  const auto response = Get("/mgmt/assets/index-AbC123xy.js");
  EXPECT_EQ(response.body, "console.log(1)");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/mgmt/favicon.ico").headers.Get("Cache-Control"), "public, max-age=0");
}

TEST_F(UiFilesTest, AppRoutesFallBackToIndex) {
  for (const char* target : {"/mgmt/login", "/mgmt/zh/routers-scenario", "/mgmt/en/routers-settings",
                             "/mgmt/dashboard?tab=x", "/mgmt/en/routers-dvr.v2"}) {
    const auto response = Get(target);
    EXPECT_EQ(response.status, 200) << target;
    EXPECT_EQ(response.body, "<!doctype html><div id=root></div>") << target;
  }
  EXPECT_EQ(Get("/mgmt/assets/missing.js").status, 404);
}

TEST_F(UiFilesTest, RedirectsToTheDashboard) {
  for (const char* target : {"/", "/mgmt", "/index.html"}) {
    const auto response = Get(target);
    EXPECT_EQ(response.status, 302) << target;
    EXPECT_EQ(response.headers.Get("Location"), "/mgmt/") << target;
  }
}

TEST_F(UiFilesTest, PathTricksDoNotLeaveTheUiFolder) {
  std::filesystem::create_symlink(std::filesystem::path(home_.path()) / "secret.txt",
                                  ui_dir() / "link.txt");
  for (const char* target : {"/mgmt/../secret.txt", "/mgmt/%2e%2e/secret.txt",
                             "/mgmt/assets/..%2f..%2fsecret.txt", "/mgmt/link.txt",
                             "/mgmt/.hidden.js"}) {
    const auto response = Get(target);
    EXPECT_NE(response.body, "secret") << target;
    EXPECT_NE(response.status, 200) << target;
  }
}

TEST_F(UiFilesTest, UnchangedFileAnswers304) {
  const auto first = Get("/mgmt/assets/index-AbC123xy.js");
  const auto etag = first.headers.Get("ETag");
  ASSERT_TRUE(etag.has_value());
  const auto second = Get("/mgmt/assets/index-AbC123xy.js", {{"If-None-Match", *etag}});
  EXPECT_EQ(second.status, 304);
  EXPECT_EQ(second.body, "");
}

TEST_F(UiFilesTest, MissingBuildSaysSo) {
  std::filesystem::remove(ui_dir() / "index.html");
  const auto response = Get("/mgmt/");
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("dashboard is not built"), std::string::npos);
}

TEST_F(UiFilesTest, AcmeChallengeFilesAreServedFromTheRuntimeFolder) {
  const auto response = Get("/.well-known/acme-challenge/token-abc");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "token-abc.thumbprint");
  EXPECT_EQ(Get("/.well-known/acme-challenge/missing").status, 404);
  EXPECT_EQ(Get("/.well-known/acme-challenge/..%2f..%2f..%2f..%2fsecret.txt").status, 404);
  EXPECT_EQ(Get("/.well-known/acme-challenge/").status, 404);
  EXPECT_EQ(test::Fetch(port_, "POST", "/.well-known/acme-challenge/token-abc").status, 404);
}

TEST(UiFilesLocaleTest, TheConfiguredLocaleReplacesThePlaceholderOfIndex) {
  test::TempDir dir;
  const std::filesystem::path ui = std::filesystem::path(dir.path()) / "ui";
  std::filesystem::create_directories(ui);
  std::ofstream(ui / "index.html")
      << R"(<meta name="srs-default-locale" content="__SRS_DEFAULT_LOCALE__" /><div id=root></div>)";
  http::Request request;
  request.method = "GET";
  for (const char* path : {"/mgmt/", "/mgmt/en/routers-login"}) {
    request.path = path;
    const http::Response english = UiFiles(ui, dir.path(), "en").Ui(request);
    EXPECT_EQ(english.body, R"(<meta name="srs-default-locale" content="en" /><div id=root></div>)")
        << path;
    EXPECT_EQ(english.headers.Get("Cache-Control"), "public, max-age=0");
    EXPECT_EQ(english.headers.Get("Content-Type"), "text/html; charset=utf-8");
  }
  request.path = "/mgmt/";
  // Without a locale the file goes out as it is; the app chooses.
  const http::Response as_built = UiFiles(ui, dir.path()).Ui(request);
  ASSERT_TRUE(as_built.file.has_value());
  EXPECT_EQ(as_built.file->filename(), "index.html");
  EXPECT_THROW(UiFiles(ui, dir.path(), "fr"), std::invalid_argument);
  EXPECT_THROW(UiFiles(ui, dir.path(), "zh\"><script>"), std::invalid_argument);
}

}  // namespace
}  // namespace sc::platform
