#include "common/redis/keys.hpp"
#include "sc/version.hpp"
#include "tests/ffmpeg/ffmpeg_routes_test.hpp"

namespace sc::ffmpeg {
namespace {

namespace keys = redis::keys;

class ForwardApiTest : public FfmpegRoutesTest {
 protected:
  void Update(const Json& fields) {
    Json body = WithToken(fields);
    body["action"] = "update";
    const auto response = Post("forward/secret", body);
    ASSERT_EQ(response.status, 200) << response.body;
    ASSERT_EQ(response.body, R"({"code":0})");
  }
  void ExpectError(const Json& fields, int status, const std::string& body_text) {
    const auto response = Post("forward/secret", WithToken(fields));
    EXPECT_EQ(response.status, status) << fields.dump();
    EXPECT_EQ(response.body, body_text) << fields.dump();
  }
};

TEST_F(ForwardApiTest, VersionsNeedsNoToken) {
  const auto response = test::Fetch(port_, "GET", "/terraform/v1/ffmpeg/versions");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, std::string(R"({"code":0,"data":{"version":")") + kVersion + "\"}}");
}

TEST_F(ForwardApiTest, QueryOfNothingIsAnEmptyObject) {
  const auto response = Post("forward/secret", WithToken());
  EXPECT_EQ(response.body, R"({"code":0,"data":{}})");
}

TEST_F(ForwardApiTest, AnEmptyActionIsAQuery) {
  redis().Hset(keys::kSrsForwardConfig, "wx",
               R"({"platform":"wx","server":"rtmp://h/l","enabled":true})");
  EXPECT_EQ(Post("forward/secret", WithToken({{"action", ""}})).body,
            R"({"code":0,"data":{"wx":{"platform":"wx","server":"rtmp://h/l","enabled":true}}})");
  EXPECT_EQ(changes_, 0);
}

TEST_F(ForwardApiTest, UpdateStoresTheOriginalShapeAndQueryReturnsIt) {
  Update({{"platform", "wx"},
          {"server", "rtmp://push.weixin.qq.com/live"},
          {"secret", "k1"},
          {"enabled", true}});
  Update({{"platform", "bilibili"},
          {"server", "rtmp://live-push.bilivideo.com/live-bvc/"},
          {"enabled", false}});
  EXPECT_EQ(
      redis().Hget(keys::kSrsForwardConfig, "wx"),
      R"({"platform":"wx","server":"rtmp://push.weixin.qq.com/live","secret":"k1","enabled":true})");
  EXPECT_EQ(changes_, 2) << "the worker is woken on every change";
  const Json data = Json::parse(Post("forward/secret", WithToken()).body)["data"];
  EXPECT_EQ(data["wx"]["secret"], "k1");
  EXPECT_EQ(
      data["bilibili"].dump(),
      R"({"platform":"bilibili","server":"rtmp://live-push.bilivideo.com/live-bvc/","enabled":false})");
}

TEST_F(ForwardApiTest, QueryReturnsValuesWrittenByTheOriginalAsTheyAre) {
  redis().Hset(
      keys::kSrsForwardConfig, "kuaishou",
      R"({"platform":"kuaishou","server":"rtmp://open-push.voip.yximgs.com/gifshow/","secret":"kuaishou_1","enabled":"true"})");
  redis().Hset(keys::kSrsForwardConfig, "broken", "not json");
  EXPECT_EQ(
      Post("forward/secret", WithToken()).body,
      R"({"code":0,"data":{"kuaishou":{"platform":"kuaishou","server":"rtmp://open-push.voip.yximgs.com/gifshow/","secret":"kuaishou_1","enabled":"true"}}})");
}

TEST_F(ForwardApiTest, ValidationErrorsAre422WithTheEnvelope) {
  ExpectError({{"action", "remove"}}, 422,
              R"({"code":1004,"data":{"message":"invalid action remove"}})");
  ExpectError({{"action", "update"}}, 422, R"({"code":1000,"data":{"message":"no platform"}})");
  ExpectError({{"action", "update"}, {"platform", "youtube"}}, 422,
              R"({"code":1004,"data":{"message":"invalid platform youtube"}})");
  ExpectError({{"action", "update"}, {"platform", "wx"}}, 422,
              R"({"code":1000,"data":{"message":"no server"}})");
  ExpectError({{"action", "update"}, {"platform", "wx"}, {"server", "rtmp://h/live"}}, 422,
              R"({"code":1000,"data":{"message":"no enabled"}})");
  ExpectError(
      {{"action", "update"}, {"platform", "wx"}, {"server", "rtmp://h/live"}, {"enabled", "false"}},
      422, R"({"code":1004,"data":{"message":"enabled must be a boolean"}})");
  ExpectError(
      {{"action", "update"}, {"platform", "wx"}, {"server", "/tmp/x.flv"}, {"enabled", true}}, 422,
      R"({"code":1004,"data":{"message":"invalid server, must be rtmp:// or rtmps://"}})");
  EXPECT_EQ(redis().Hlen(keys::kSrsForwardConfig), 0);
  EXPECT_EQ(changes_, 0);
}

TEST_F(ForwardApiTest, MalformedBodyIs400) {
  const auto response = test::PostJson(port_, "/terraform/v1/ffmpeg/forward/secret", "{not json");
  EXPECT_EQ(response.status, 400);
}

TEST_F(ForwardApiTest, CustomTargetsCanBeAddedAndDeleted) {
  Update({{"platform", "custom-youtube"},
          {"server", "rtmps://a.rtmps.youtube.com/live2"},
          {"secret", "abcd-efgh"},
          {"enabled", true},
          {"label", "YouTube"}});
  Update({{"platform", "custom-srt"},
          {"server", "srt://10.0.0.2:10080?streamid=#!::r=live/x,m=publish"},
          {"enabled", true},
          {"stream", "live/cam"}});
  const Json data = Json::parse(Post("forward/secret", WithToken()).body)["data"];
  EXPECT_EQ(data["custom-youtube"]["label"], "YouTube");
  EXPECT_EQ(data["custom-srt"]["stream"], "live/cam");

  Json remove = WithToken({{"action", "delete"}, {"platform", "custom-youtube"}});
  EXPECT_EQ(Post("forward/secret", remove).body, R"({"code":0})");
  EXPECT_FALSE(redis().Hget(keys::kSrsForwardConfig, "custom-youtube"));
  const auto again =
      Post("forward/secret", WithToken({{"action", "delete"}, {"platform", "custom-youtube"}}));
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.body, R"({"code":1004,"data":{"message":"no target custom-youtube"}})");
  ExpectError(
      {{"action", "delete"}, {"platform", "wx"}}, 422,
      R"({"code":1004,"data":{"message":"invalid platform wx, only custom targets can be deleted"}})");
}

TEST_F(ForwardApiTest, StreamsListsEveryTargetWithItsMappingAndFrame) {
  Update({{"platform", "wx"}, {"server", "rtmp://h/live"}, {"secret", "k"}, {"enabled", true}});
  Update({{"platform", "bilibili"}, {"server", "rtmp://h/live"}, {"enabled", false}});
  redis().Hset(keys::kSrsForwardMap, "wx", "live/livestream");
  redis().Hset(keys::kSrsForwardFrame, "wx@live/livestream",
               R"({"log":"frame=100 fps=25","update":"2022-04-01T08:11:25+08:00","frames":100})");
  // Hash order is Redis' (the original's too): compare entry by entry.
  const Json data = Json::parse(Post("forward/streams", WithToken()).body)["data"];
  ASSERT_EQ(data.size(), 2u);
  std::map<std::string, std::string> by_platform;
  for (const Json& item : data) by_platform[item["platform"]] = item.dump();
  EXPECT_EQ(
      by_platform["wx"],
      R"({"platform":"wx","enabled":true,"stream":"live/livestream","frame":{"log":"frame=100 fps=25","update":"2022-04-01T08:11:25+08:00","frames":100}})");
  EXPECT_EQ(by_platform["bilibili"], R"({"platform":"bilibili","enabled":false,"frame":null})");
}

TEST_F(ForwardApiTest, StreamsListsEveryTaskOfAnAllStreamsTarget) {
  Update({{"platform", "custom-all"},
          {"server", "rtmp://backup/live"},
          {"enabled", true},
          {"stream", "*"},
          {"label", "Backup"}});
  EXPECT_EQ(
      Post("forward/streams", WithToken()).body,
      R"({"code":0,"data":[{"platform":"custom-all","enabled":true,"label":"Backup","frame":null}]})");
  redis().Hset(keys::kSrsForwardStream, "custom-all@live/a", "{}");
  redis().Hset(keys::kSrsForwardStream, "custom-all@live/b", "{}");
  redis().Hset(keys::kSrsForwardStream, "wx@live/a", "{}");
  redis().Hset(keys::kSrsForwardFrame, "custom-all@live/b", R"({"log":"frame=1"})");
  const Json data = Json::parse(Post("forward/streams", WithToken()).body)["data"];
  ASSERT_EQ(data.size(), 2u) << data.dump();
  std::set<std::string> streams;
  for (const Json& item : data) {
    streams.insert(item["stream"].get<std::string>());
    if (item["stream"] == "live/b") {
      EXPECT_EQ(item["frame"]["log"], "frame=1");
    } else {
      EXPECT_TRUE(item["frame"].is_null());
    }
  }
  EXPECT_EQ(streams, (std::set<std::string>{"live/a", "live/b"}));
}

TEST_F(ForwardApiTest, RedisGoneIs500WithCode1007) {
  const std::string token = auth_.Issue().token;
  server().Pause();
  const auto response = Post("forward/streams", {{"token", token}});
  server().Resume();
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(Json::parse(response.body)["code"], 1007) << response.body;
}

}  // namespace
}  // namespace sc::ffmpeg
