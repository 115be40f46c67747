#include "ffmpeg/forward_target.hpp"

#include <gtest/gtest.h>

#include "common/http/api_error.hpp"

namespace sc::ffmpeg {
namespace {

// Runs TargetFromUpdate and returns "<code> <status> <message>" of its ApiError, or "ok".
std::string UpdateError(const Json& body) {
  try {
    TargetFromUpdate(body);
    return "ok";
  } catch (const http::ApiError& error) {
    return std::to_string(static_cast<int>(error.code())) + " " +
           std::to_string(error.http_status()) + " " + error.what();
  }
}

Json Body(Json fields) {
  Json body = {{"action", "update"},
               {"platform", "bilibili"},
               {"server", "rtmp://live-push.bilivideo.com/live-bvc/"},
               {"secret", "?streamname=live_1&key=abc"},
               {"enabled", true}};
  for (auto& [name, value] : fields.items()) {
    if (value.is_null()) {
      body.erase(name);
    } else {
      body[name] = value;
    }
  }
  return body;
}

TEST(TargetFromUpdateTest, AcceptsWhatTheOriginalUiSends) {
  const ForwardTarget target = TargetFromUpdate(Body({}));
  EXPECT_EQ(target.platform, "bilibili");
  EXPECT_EQ(target.server, "rtmp://live-push.bilivideo.com/live-bvc/");
  EXPECT_EQ(target.secret, "?streamname=live_1&key=abc");
  EXPECT_TRUE(target.enabled);
  EXPECT_EQ(
      Stringify(ToJson(target)),
      R"({"platform":"bilibili","server":"rtmp://live-push.bilivideo.com/live-bvc/","secret":"?streamname=live_1&key=abc","enabled":true})");
}

TEST(TargetFromUpdateTest, AbsentSecretIsOmittedEmptyIsKept) {
  EXPECT_EQ(
      Stringify(ToJson(TargetFromUpdate(Body({{"secret", nullptr}, {"enabled", false}})))),
      R"({"platform":"bilibili","server":"rtmp://live-push.bilivideo.com/live-bvc/","enabled":false})");
  EXPECT_EQ(ToJson(TargetFromUpdate(Body({{"secret", ""}})))["secret"], "");
}

// spec/ffmpeg.md §3.2: the original's order and messages, as 422 (the port's fix).
TEST(TargetFromUpdateTest, ValidationErrorsInTheOriginalOrder) {
  EXPECT_EQ(UpdateError(Body({{"platform", nullptr}, {"server", nullptr}})),
            "1000 422 no platform");
  EXPECT_EQ(UpdateError(Body({{"platform", ""}})), "1000 422 no platform");
  EXPECT_EQ(UpdateError(Body({{"platform", "youtube"}, {"server", nullptr}})),
            "1004 422 invalid platform youtube");
  EXPECT_EQ(UpdateError(Body({{"server", nullptr}, {"enabled", nullptr}})), "1000 422 no server");
  EXPECT_EQ(UpdateError(Body({{"server", ""}})), "1000 422 no server");
  EXPECT_EQ(UpdateError(Body({{"enabled", nullptr}})), "1000 422 no enabled");
}

TEST(TargetFromUpdateTest, EnabledMustBeABoolean) {
  // The original used truthiness: the string "false" enabled forwarding.
  for (const Json& value :
       {Json("false"), Json("true"), Json(1), Json(0), Json::object(), Json::array()}) {
    EXPECT_EQ(UpdateError(Body({{"enabled", value}})), "1004 422 enabled must be a boolean")
        << value.dump();
  }
  EXPECT_FALSE(TargetFromUpdate(Body({{"enabled", false}})).enabled);
}

TEST(TargetFromUpdateTest, ServerMustBeRtmpOrRtmps) {
  for (const char* server : {"/tmp/out.flv", "file:///etc/passwd", "http://h/live", "rtmp://",
                             "rtmp:///x", "srt://h:10080", "-y", "RTMP//h/live"}) {
    EXPECT_EQ(UpdateError(Body({{"server", server}})),
              "1004 422 invalid server, must be rtmp:// or rtmps://")
        << server;
  }
  EXPECT_EQ(UpdateError(Body({{"server", "rtmps://h:443/live"}})), "ok");
  EXPECT_EQ(UpdateError(Body({{"server", "  rtmp://h/live  "}})), "ok");  // trimmed when joined
}

TEST(TargetFromUpdateTest, NoControlCharactersOrInnerSpaces) {
  EXPECT_EQ(UpdateError(Body({{"server", "rtmp://h/li ve"}})), "1004 422 invalid server");
  EXPECT_EQ(UpdateError(Body({{"server", "rtmp://h/live\n-f"}})), "1004 422 invalid server");
  EXPECT_EQ(UpdateError(Body({{"secret", "key\r\nx"}})), "1004 422 invalid secret");
  EXPECT_EQ(UpdateError(Body({{"server", "rtmp://h/" + std::string(2000, 'a')}})),
            "1004 422 invalid server");
}

TEST(TargetFromUpdateTest, WrongTypesAreRefused) {
  EXPECT_EQ(UpdateError(Body({{"platform", Json::object()}})),
            "1004 422 platform must be a string");
  EXPECT_EQ(UpdateError(Body({{"server", Json::array()}})), "1004 422 server must be a string");
  EXPECT_EQ(UpdateError(Body({{"secret", Json::object()}})), "1004 422 secret must be a string");
}

TEST(TargetFromUpdateTest, StreamAndLabelOnlyForCustomTargets) {
  EXPECT_EQ(UpdateError(Body({{"stream", "live/x"}})),
            "1004 422 stream is only for custom targets");
  EXPECT_EQ(UpdateError(Body({{"label", "Mine"}})), "1004 422 label is only for custom targets");
}

TEST(TargetFromUpdateTest, CustomTargets) {
  const Json base = {{"platform", "custom-backup_1"},
                     {"server", "rtmp://backup.example.com/live"},
                     {"secret", "key"},
                     {"enabled", true}};
  const ForwardTarget target = TargetFromUpdate(base);
  EXPECT_EQ(target.choice(), StreamChoice::kFirstLive);
  EXPECT_EQ(
      Stringify(ToJson(target)),
      R"({"platform":"custom-backup_1","server":"rtmp://backup.example.com/live","secret":"key","enabled":true})");

  Json one = base;
  one["stream"] = "live/cam1";
  one["label"] = "Backup";
  EXPECT_EQ(TargetFromUpdate(one).choice(), StreamChoice::kOne);
  EXPECT_EQ(
      Stringify(ToJson(TargetFromUpdate(one))),
      R"({"platform":"custom-backup_1","server":"rtmp://backup.example.com/live","secret":"key","enabled":true,"stream":"live/cam1","label":"Backup"})");
  one["stream"] = "vhost.example/live/cam1";
  EXPECT_EQ(UpdateError(one), "ok");

  Json every = base;
  every["stream"] = "*";
  every["secret"] = "?auth=1";
  EXPECT_EQ(TargetFromUpdate(every).choice(), StreamChoice::kEvery);
  every["secret"] = "key";
  EXPECT_EQ(UpdateError(every), "1004 422 invalid secret, with stream * it must be a query (?...)");

  Json srt = base;
  srt["server"] = "srt://10.0.0.1:10080?streamid=#!::r=live/x,m=publish";
  srt.erase("secret");
  EXPECT_EQ(UpdateError(srt), "ok");
  srt["secret"] = "key";
  EXPECT_EQ(UpdateError(srt),
            "1004 422 invalid secret, an srt:// target takes its streamid in the server URL");
  srt.erase("secret");
  srt["stream"] = "*";
  EXPECT_EQ(UpdateError(srt), "1004 422 invalid stream, * needs an rtmp:// or rtmps:// server");

  Json bad = base;
  for (const char* stream :
       {"live", "live/", "/live/x", "a/b/c/d", "live/../x", "live/x?y", "live/ x"}) {
    bad["stream"] = stream;
    EXPECT_EQ(UpdateError(bad),
              "1004 422 invalid stream, must be app/stream, vhost/app/stream or *")
        << stream;
  }
  bad = base;
  bad["server"] = "file:///tmp/x";
  EXPECT_EQ(UpdateError(bad), "1004 422 invalid server, must be rtmp://, rtmps:// or srt://");
  bad = base;
  bad["label"] = std::string(65, 'x');
  EXPECT_EQ(UpdateError(bad), "1004 422 invalid label");
}

TEST(TargetFromUpdateTest, CustomNamesAreChecked) {
  for (const char* name :
       {"custom-", "custom-a b", "custom-a/b", "custom-a@b", "customer", "Custom-a"}) {
    EXPECT_EQ(UpdateError(Body({{"platform", name}})),
              std::string("1004 422 invalid platform ") + name)
        << name;
  }
  EXPECT_EQ(UpdateError(Body({{"platform", "custom-" + std::string(49, 'a')}})).substr(0, 24),
            "1004 422 invalid platfor");
  EXPECT_TRUE(IsCustomPlatform("custom-" + std::string(48, 'a')));
}

TEST(PlatformFromDeleteTest, OnlyCustomTargets) {
  EXPECT_EQ(PlatformFromDelete({{"platform", "custom-x"}}), "custom-x");
  try {
    PlatformFromDelete({{"platform", "wx"}});
    FAIL() << "deleting an original platform was accepted";
  } catch (const http::ApiError& error) {
    EXPECT_EQ(error.http_status(), 422);
    EXPECT_STREQ(error.what(), "invalid platform wx, only custom targets can be deleted");
  }
}

TEST(ParseStoredTargetTest, TruthinessOfWhatTheOriginalStored) {
  EXPECT_TRUE(
      ParseStoredTarget(R"({"platform":"wx","server":"rtmp://h/l","enabled":"false"})")->enabled);
  EXPECT_FALSE(
      ParseStoredTarget(R"({"platform":"wx","server":"rtmp://h/l","enabled":""})")->enabled);
  EXPECT_FALSE(ParseStoredTarget(R"({"platform":"wx","server":"rtmp://h/l"})")->enabled);
  EXPECT_FALSE(ParseStoredTarget(R"({"server":"rtmp://h/l","enabled":true})"));
  EXPECT_FALSE(ParseStoredTarget("garbage"));
  const auto target = ParseStoredTarget(
      R"({"platform":"custom-a","server":"rtmp://h/l","secret":"k","enabled":true,"stream":"*"})");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->secret, "k");
  EXPECT_EQ(target->choice(), StreamChoice::kEvery);
}

}  // namespace
}  // namespace sc::ffmpeg
