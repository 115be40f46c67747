// spec/mgmt.md §2: which upstream each path goes to, in the table's order.
#include <gtest/gtest.h>

#include "mgmt/proxy_table.hpp"

namespace sc::mgmt {
namespace {

Upstreams Ports() {
  return Upstreams{.hooks = 1, .tencent = 2, .ffmpeg = 3, .releases = 4, .platform = 5,
                   .prometheus = 6, .engine_api = 7, .engine_http = 8};
}

// "port target" of the row a request lands on, or "mgmt" when mgmt answers itself.
std::string Route(const std::string& target) {
  http::Request head;
  head.method = "GET";
  head.target = target;
  head.path = target.substr(0, target.find('?'));
  const auto resolved = ResolveProxy(Ports(), head);
  if (!resolved) return "mgmt";
  return std::to_string(resolved->port) + " " + resolved->target + (resolved->api ? " api" : "");
}

TEST(ProxyTableTest, DaemonsByPrefix) {
  EXPECT_EQ(Route("/terraform/v1/releases"), "4 /terraform/v1/releases api");
  EXPECT_EQ(Route("/terraform/v1/releases/versions?x=1"), "4 /terraform/v1/releases/versions?x=1 api");
  EXPECT_EQ(Route("/terraform/v1/hooks/srs/verify"), "1 /terraform/v1/hooks/srs/verify api");
  EXPECT_EQ(Route("/terraform/v1/hooks"), "1 /terraform/v1/hooks api");  // prefix without slash
  EXPECT_EQ(Route("/terraform/v1/tencent/cam/secret"), "2 /terraform/v1/tencent/cam/secret api");
  EXPECT_EQ(Route("/terraform/v1/ffmpeg/forward/secret"), "3 /terraform/v1/ffmpeg/forward/secret api");
  EXPECT_EQ(Route("/terraform/v1/mgmt/login"), "5 /terraform/v1/mgmt/login api");
  EXPECT_EQ(Route("/mgmt/"), "5 /mgmt/");
  EXPECT_EQ(Route("/mgmt"), "5 /mgmt");
  EXPECT_EQ(Route("/.well-known/acme-challenge/token"), "5 /.well-known/acme-challenge/token");
  EXPECT_EQ(Route("/prometheus/api/v1/query"), "6 /prometheus/api/v1/query");
}

TEST(ProxyTableTest, PrefixesAreCaseInsensitiveAndWholeSegments) {
  EXPECT_EQ(Route("/Terraform/V1/Hooks/srs/verify"), "1 /Terraform/V1/Hooks/srs/verify api");
  EXPECT_EQ(Route("/terraform/v1/hooksx"), "mgmt");
  EXPECT_EQ(Route("/mgmtx"), "mgmt");
  EXPECT_EQ(Route("/prometheusx"), "mgmt");
}

TEST(ProxyTableTest, LegacyHooksPathIsRewrittenToVerify) {
  EXPECT_EQ(Route("/terraform/v1/mgmt/srs/hooks?action=on_publish"),
            "1 /terraform/v1/hooks/srs/verify?action=on_publish api");
  // Row 5 comes before the platform row 11.
  EXPECT_EQ(Route("/terraform/v1/mgmt/srs/hooks"), "1 /terraform/v1/hooks/srs/verify api");
}

TEST(ProxyTableTest, EngineRoutes) {
  EXPECT_EQ(Route("/api/v1/streams/"), "7 /api/v1/streams/ api");
  EXPECT_EQ(Route("/rtc/v1/play/"), "7 /rtc/v1/play/ api");
  EXPECT_EQ(Route("/console/ng_index.html"), "8 /console/ng_index.html");
  EXPECT_EQ(Route("/players/srs_player.html"), "8 /players/srs_player.html");
  EXPECT_EQ(Route("/live/livestream.flv"), "8 /live/livestream.flv");
  EXPECT_EQ(Route("/live/livestream.M3U8?x=1"), "8 /live/livestream.M3U8?x=1");
  EXPECT_EQ(Route("/live/livestream-3.ts"), "8 /live/livestream-3.ts");
  EXPECT_EQ(Route("/a/b/c.mp3/extra"), "8 /a/b/c.mp3/extra");
  EXPECT_EQ(Route("/livestream.flv"), "mgmt");  // needs two slashes
}

TEST(ProxyTableTest, MgmtAnswersItsOwnRoutes) {
  for (const char* own : {"/", "/index.html", "/favicon.ico", "/tools/player.html",
                          "/terraform/v1/host/exec", "/terraform/v1/host/versions",
                          "/terraform/v1/sources/srs.tar.gz", "/unknown"}) {
    EXPECT_EQ(Route(own), "mgmt") << own;
  }
}

}  // namespace
}  // namespace sc::mgmt
