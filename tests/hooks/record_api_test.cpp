#include <gtest/gtest.h>

#include <fstream>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/redis/keys.hpp"
#include "hooks/local_storage.hpp"
#include "hooks/m3u8.hpp"
#include "hooks/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
namespace keys = redis::keys;

// The recording routes on an ephemeral port, with a real Redis and local storage.
class RecordRoutesTest : public test::RedisTest {
 protected:
  RecordRoutesTest() {
    api_secret_.Ensure();
    token_ = auth_.Issue().token;
    fs::create_directories(fs::path(dir_.path()) / "objs/nginx/html/live");
    RegisterRecordingRoutes(router_, hls_, dvr_api_, vod_api_);
    port_ = server_.Start();
  }

  http::ClientResponse Post(const std::string& route, Json body) {
    body["token"] = token_;
    return test::PostJson(port_, "/terraform/v1/hooks/" + route, body.dump());
  }

  test::TempDir dir_;
  config::Settings settings_{dir_.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  auth::ApiSecret api_secret_{redis(), settings_};
  const auth::TokenAuth auth_{api_secret_, settings_};
  std::string token_;
  LocalStorage storage_{fs::path(dir_.path()) / "record"};
  DvrTarget target_{storage_};
  Staging dvr_staging_{fs::path(dir_.path()) / "data/dvr", 1 << 20};
  Staging vod_staging_{fs::path(dir_.path()) / "data/vod", 1 << 20};
  Pipeline dvr_{redis(), kDvrKeys, dvr_staging_, &target_, {}};
  Pipeline vod_{redis(), kVodKeys, vod_staging_, nullptr, {}};
  const HlsApi hls_{redis(), {.root = fs::path(dir_.path()) / "objs/nginx/html", .engine_dir = dir_.path()},
                    dvr_, vod_, {"198.51.100.20"}};
  const RecordApi dvr_api_{redis(), auth_, dvr_};
  const RecordApi vod_api_{redis(), auth_, vod_};
  http::Router router_;
  http::Server server_{router_, {.worker_threads = 2, .access_log = false}};
  std::uint16_t port_ = 0;
};

TEST_F(RecordRoutesTest, ApplyTakesOnlyABooleanAndQueryReportsIt) {
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/dvr/apply", R"({"all":true})").body,
            R"({"code":1000,"data":{"message":"no token"}})");
  // tests-original.md §6.6
  const auto bad = Post("dvr/apply", {{"all", "true"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body, R"({"code":1004,"data":{"message":"invalid all=\"true\""}})");
  EXPECT_EQ(Post("dvr/apply", {{"all", true}}).body, R"({"code":0})");
  EXPECT_EQ(redis().Hget(keys::kSrsDvrPatterns, "all"), "true");
  EXPECT_EQ(Post("dvr/query", Json::object()).body,
            R"({"code":0,"data":{"all":true,"secret":true,"backlog":{"segments":0,"bytes":0,"limit":1048576,"refused":0,"failed":0}}})");
  EXPECT_EQ(Post("vod/apply", {{"all", false}}).body, R"({"code":0})");
  EXPECT_EQ(redis().Hget(keys::kSrsVodPatterns, "all"), "false");
  const Json vod = Json::parse(Post("vod/query", Json::object()).body)["data"];
  EXPECT_EQ(vod["all"], false);
  EXPECT_EQ(vod["secret"], false);  // no Tencent keys
}

TEST_F(RecordRoutesTest, OnHlsFromTheEngineIsQueuedAndFromElsewhereRefused) {
  redis().Hset(keys::kSrsDvrPatterns, "all", "true");
  std::ofstream(fs::path(dir_.path()) / "objs/nginx/html/live/livestream-0.ts") << "segment";
  std::string on_hls;
  for (const Json& line : test::ReadFixtureLines("srs5-callbacks.jsonl")) {
    if (line["action"] == "on_hls" && line["body"]["stream"] == "livestream" && line["body"]["seq_no"] == 0) {
      on_hls = line["raw"];
    }
  }
  ASSERT_FALSE(on_hls.empty());
  const auto outside = test::Fetch(port_, "POST", "/terraform/v1/hooks/srs/hls", on_hls,
                                   {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(outside.status, 403);
  EXPECT_FALSE(redis().Hget(keys::kSrsDvrM3u8Local, "live/livestream.m3u8"));

  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/hls", on_hls).body, R"({"code":0})");
  const Json local = Json::parse(*redis().Hget(keys::kSrsDvrM3u8Local, "live/livestream.m3u8"));
  ASSERT_EQ(local["files"].size(), 1u);
  EXPECT_EQ(local["files"][0]["params"]["client_id"], "0dgu824x");
  EXPECT_EQ(local["files"][0]["action"], "on_dvr_file");

  Json escape = Json::parse(on_hls);
  escape["file"] = "./objs/nginx/html/../../.env";
  const auto refused = test::PostJson(port_, "/terraform/v1/hooks/srs/hls", escape.dump());
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.body, R"({"code":1004,"data":{"message":"invalid ts file ./objs/nginx/html/../../.env"}})");
  Json other = Json::parse(on_hls);
  other["action"] = "on_dvr";
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/hls", other.dump()).body,
            R"({"code":1004,"data":{"message":"invalid action=on_dvr"}})");
}

TEST_F(RecordRoutesTest, FilesListsEverySessionBeyondOneScanPage) {
  for (int i = 0; i < 250; ++i) {
    const std::string uuid = "uuid-" + std::to_string(i);
    redis().Hset(keys::kSrsDvrM3u8Metadata, uuid,
                 Json{{"nn", 2}, {"update", "2022-04-01T08:00:00+00:00"}, {"bucket", "b"}, {"region", "r"},
                      {"uuid", uuid}, {"vhost", "__defaultVhost__"}, {"app", "live"}, {"stream", "s"},
                      {"progress", false}, {"done", nullptr}, {"m3u8", nullptr},
                      {"files", {{{"duration", 10.01}, {"size", 100}}, {{"duration", 20.011}, {"size", 50}}}}}
                     .dump());
  }
  const Json files = Json::parse(Post("dvr/files", Json::object()).body)["data"];
  ASSERT_EQ(files.size(), 250u);
  EXPECT_EQ(files[0]["nn"], 2);
  EXPECT_EQ(files[0]["size"], 150);
  EXPECT_EQ(Stringify(files[0]["duration"]), "30.021");
  EXPECT_EQ(files[0]["bucket"], "b");
  EXPECT_FALSE(files[0].contains("files"));
}

TEST_F(RecordRoutesTest, PlaylistOfALocalSessionPlaysThroughTheSegmentRoute) {
  storage_.PutText("sess-1/t1.ts", "segment-one", "video/MP2T");
  const Json metadata = {{"nn", 1}, {"update", "2022-04-01T08:00:00+00:00"}, {"bucket", "local"},
                         {"region", "srs-cloud"}, {"uuid", "sess-1"}, {"progress", true}, {"storage", "local"},
                         {"files", {{{"key", "sess-1/t1.ts"}, {"tsid", "t1"}, {"seqno", 0}, {"duration", 2.125}, {"size", 11}}}}};
  redis().Hset(keys::kSrsDvrM3u8Metadata, "sess-1", metadata.dump());
  const auto playlist = test::Fetch(port_, "GET", "/terraform/v1/hooks/dvr/hls/sess-1.m3u8");
  EXPECT_EQ(playlist.status, 200);
  EXPECT_EQ(playlist.headers.Get("Content-Type"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(playlist.body,
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-ALLOW-CACHE:YES\n#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.13, no desc\nsess-1/t1.ts\n#EXT-X-ENDLIST");
  const auto segment = test::Fetch(port_, "GET", "/terraform/v1/hooks/dvr/hls/sess-1/t1.ts");
  EXPECT_EQ(segment.status, 200);
  EXPECT_EQ(segment.body, "segment-one");
  EXPECT_EQ(segment.headers.Get("Content-Type"), "video/mp2t");
  for (const char* bad : {"/terraform/v1/hooks/dvr/hls/sess-1/..%2F..%2Fx.ts", "/terraform/v1/hooks/dvr/hls/sess-1/none.ts",
                          "/terraform/v1/hooks/dvr/hls/..%2Frecord/t1.ts", "/terraform/v1/hooks/dvr/hls/sess-1/t1.flv"}) {
    EXPECT_EQ(test::Fetch(port_, "GET", bad).status, 404) << bad;
  }
}

TEST_F(RecordRoutesTest, PlaylistOfAnOriginalCosSessionUsesCosUrls) {
  const Json metadata = {{"bucket", "srs-b"}, {"region", "ap-x"}, {"uuid", "u"},
                         {"files", {{{"key", "u/t.ts"}, {"tsid", "t"}, {"seqno", 0}, {"duration", 10}}}}};
  redis().Hset(keys::kSrsDvrM3u8Metadata, "u", metadata.dump());
  EXPECT_EQ(test::Fetch(port_, "GET", "/terraform/v1/hooks/dvr/hls/u.m3u8").body, BuildVodM3u8(metadata, true).body);
  redis().Hset(keys::kSrsVodM3u8Metadata, "u", metadata.dump());
  redis().Hset(keys::kSrsTencentVod, "domain", "d.vod2.myqcloud.com");
  EXPECT_NE(test::Fetch(port_, "GET", "/terraform/v1/hooks/vod/hls/u.m3u8").body.find("https://d.vod2.myqcloud.com/u/t.ts"),
            std::string::npos);
  const auto missing = test::Fetch(port_, "GET", "/terraform/v1/hooks/dvr/hls/nope.m3u8");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body, R"({"code":1004,"data":{"message":"no hls for uuid=nope"}})");
}

}  // namespace
}  // namespace sc::hooks
