#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "common/async/event_loop.hpp"
#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/redis/keys.hpp"
#include "hooks/routes.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/log_capture.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

namespace keys = redis::keys;

// The hooks routes on an ephemeral port with a real Redis, fed the callbacks SRS 5.0.213 and
// nginx-rtmp 1.2.2 really sent (../shared/fixtures), with "good" as the publish secret.
class HooksVerifyTest : public test::RedisTest {
 protected:
  HooksVerifyTest() {
    redis().Set(keys::kSrsSecretPublish, "good");
    api_secret_.Ensure();
    RegisterRoutes(router_, verify_);
    port_ = server_.Start();
  }

  http::ClientResponse SrsCallback(const Json& line) {
    return test::PostJson(port_, "/terraform/v1/hooks/srs/verify", line["raw"].get<std::string>());
  }
  http::ClientResponse NginxCallback(const Json& line) {
    return test::Fetch(port_, "POST", "/terraform/v1/hooks/nginx/verify", line["body"].get<std::string>(),
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  static bool SrsAccepts(const http::ClientResponse& answer) {
    // fixtures/README.md: 200/201 and a body of 0 or an object whose integer code is 0.
    if (answer.status != 200 && answer.status != 201) return false;
    const Json body = Json::parse(answer.body, nullptr, false);
    return body == 0 || (body.is_object() && body.value("code", Json()) == 0 &&
                         body["code"].is_number_integer());
  }

  test::TempDir home_;
  config::Settings settings_{home_.path(), {{"MGMT_PASSWORD", "admin-pw"}}};
  auth::ApiSecret api_secret_{redis(), settings_};
  const auth::TokenAuth auth_{api_secret_, settings_};
  PublishSecret publish_secret_{redis()};
  async::EventLoop loop_{2};  // the server's, shared with the bookkeeping's Redis connection
  BookkeepingWriter writer_{loop_, redis().options()};
  const VerifyApi verify_{publish_secret_, auth_, {"198.51.100.20"}, writer_};
  http::Router router_;
  http::Server server_{router_, {.loop = &loop_, .access_log = false}};
  std::uint16_t port_ = 0;
};

TEST_F(HooksVerifyTest, EverySrsCallbackIsAnsweredAsSrsExpects) {
  int publishes = 0, refused = 0;
  for (const Json& line : test::ReadFixtureLines("srs5-callbacks.jsonl")) {
    if (line["method"] != "POST" || line["action"] == "on_hls") continue;
    const auto answer = SrsCallback(line);
    const std::string param = line["body"].value("param", std::string());
    const bool good_publish = line["action"] != "on_publish" || param.find("secret=good") != std::string::npos;
    EXPECT_EQ(SrsAccepts(answer), good_publish)
        << line["scenario"] << " " << line["action"] << " " << param << " -> " << answer.status << " " << answer.body;
    if (!good_publish) {
      EXPECT_EQ(answer.status, 401);
      EXPECT_EQ(Json::parse(answer.body)["code"], 3000);
      EXPECT_EQ(answer.body.find("bad"), std::string::npos) << "the sent secret is echoed";
      ++refused;
    }
    publishes += line["action"] == "on_publish" ? 1 : 0;
  }
  EXPECT_GE(publishes, 5);
  EXPECT_GE(refused, 3);  // ?secret=bad (RTMP), secret=bad (SRT), no param (SRT plain streamid)
}

TEST_F(HooksVerifyTest, PublishRecordsTheStreamAndUnpublishRemovesIt) {
  const auto lines = test::ReadFixtureLines("srs5-callbacks.jsonl");
  const auto find = [&lines](const char* scenario, const char* action) {
    for (const Json& line : lines) {
      if (line["scenario"] == scenario && line["action"] == action) return line;
    }
    throw std::runtime_error(std::string("no fixture ") + scenario + " " + action);
  };
  SrsCallback(find("rtmp_publish_good", "on_publish"));
  EXPECT_EQ(redis().Hget(keys::kSrsStreamActive, "live/livestream"),
            R"({"vhost":"__defaultVhost__","app":"live","stream":"livestream","server":"vid-5o00s0k","client":"0dgu824x"})");
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "publish"), "1");
  EXPECT_EQ(redis().Hlen(keys::kSrsStreamSrtActive), 0);

  SrsCallback(find("srt_publish", "on_publish"));
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamSrtActive, "live/srt1").has_value());
  SrsCallback(find("srt_unpublish", "on_unpublish"));
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamSrtActive, "live/srt1").has_value());

  SrsCallback(find("rtmp_play", "on_play"));
  EXPECT_EQ(redis().Hget(keys::kSrsStatCounter, "play"), "1");

  SrsCallback(find("rtmp_unpublish", "on_unpublish"));
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamActive, "live/livestream").has_value());
}

TEST_F(HooksVerifyTest, RefusedPublishRecordsNothing) {
  for (const Json& line : test::ReadFixtureLines("srs5-callbacks.jsonl")) {
    if (line["scenario"] == "rtmp_publish_bad" && line["action"] == "on_publish") SrsCallback(line);
  }
  EXPECT_EQ(redis().Hlen(keys::kSrsStreamActive), 0);
  EXPECT_FALSE(redis().Hget(keys::kSrsStatCounter, "publish").has_value());
}

// tests-original.md §6.6, with the secret's value masked in the message.
TEST_F(HooksVerifyTest, WrongSecretMessage) {
  redis().Set(keys::kSrsSecretPublish, "abcd1234");
  const auto refused = test::PostJson(
      port_, "/terraform/v1/hooks/srs/verify",
      R"({"action":"on_publish","vhost":"__defaultVhost__","app":"live","stream":"s","param":"?secret=WRONG"})");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.body,
            R"({"code":3000,"data":{"message":"invalid params=?secret=*** action=on_publish"}})");
  const auto allowed = test::PostJson(
      port_, "/terraform/v1/hooks/srs/verify",
      R"({"action":"on_publish","vhost":"__defaultVhost__","app":"live","stream":"s","param":"?secret=abcd1234"})");
  EXPECT_EQ(allowed.body, R"({"code":0})");
  EXPECT_EQ(redis().Hget(keys::kSrsStreamActive, "live/s"),
            R"({"vhost":"__defaultVhost__","app":"live","stream":"s"})");
}

// A client retrying a wrong secret in a loop: every try is refused, but the log gets at most ten
// lines a second, and the lines it gets say how many were left out, so that together they
// account for every refusal.
TEST_F(HooksVerifyTest, AFloodOfRefusedPublishesIsLoggedWithinABudget) {
  test::LogCapture log;
  const std::string body =
      R"({"action":"on_publish","vhost":"__defaultVhost__","app":"live","stream":"s","param":"?secret=WRONG"})";
  const auto refuse = [&] {
    ASSERT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/verify", body).status, 401);
  };
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 40; ++i) refuse();
  const auto seconds_taken = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::steady_clock::now() - started).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  refuse();  // the next window's first line tells how many of the flood were left out

  std::istringstream text(log.text());
  std::size_t lines = 0;
  std::uint64_t left_out = 0;
  std::string last;
  for (std::string line; std::getline(text, line);) {
    if (line.find("verify: publish live/s refused") == std::string::npos) continue;
    ++lines;
    last = line;
    if (const std::size_t at = line.find(" (", line.find("param=")); at != std::string::npos) {
      left_out += std::stoull(line.substr(at + 2));
    }
  }
  EXPECT_LE(lines, 10u * static_cast<std::size_t>(seconds_taken + 2));
  EXPECT_LT(lines, 41u);
  EXPECT_EQ(lines + left_out, 41u) << "every refusal is either logged or counted";
  EXPECT_NE(last.find("more refused publishes not logged one by one)"), std::string::npos) << last;
  EXPECT_EQ(log.text().find("WRONG"), std::string::npos) << "the secret tried is never logged";
}

TEST_F(HooksVerifyTest, SecretMustBeTheWholeValueNotASubstring) {
  redis().Set(keys::kSrsSecretPublish, "abcd1234");
  for (const char* param : {"?x=zzabcd1234zz", "?secret=abcd12345", "?secret=abcd123", "?other=abcd1234"}) {
    const auto answer = test::PostJson(
        port_, "/terraform/v1/hooks/srs/verify",
        std::string(R"({"action":"on_publish","vhost":"v","app":"a","stream":"s","param":")") + param + "\"}");
    EXPECT_EQ(answer.status, 401) << param;
  }
}

TEST_F(HooksVerifyTest, EveryNginxCallbackIsAnsweredAsNginxExpects) {
  int refused = 0;
  for (const Json& line : test::ReadFixtureLines("nginx-rtmp-callbacks.jsonl")) {
    const auto answer = NginxCallback(line);
    const bool bad_publish = line["call"] == "publish" && line["fields"].value("secret", "") != "good";
    if (bad_publish) {
      EXPECT_EQ(answer.status, 403) << line["scenario"];
      ++refused;
    } else {
      EXPECT_EQ(answer.status, 200) << line["scenario"] << " " << line["call"] << " " << answer.body;
    }
  }
  EXPECT_GE(refused, 1);
}

TEST_F(HooksVerifyTest, NginxPublishAndDoneKeepTheSameBookkeeping) {
  for (const Json& line : test::ReadFixtureLines("nginx-rtmp-callbacks.jsonl")) {
    if (line["scenario"] != "nginx_publish_good" || line["call"] != "publish") continue;
    NginxCallback(line);
    const Json record = Json::parse(redis().Hget(keys::kSrsStreamActive, "live/livestream").value_or("null"));
    EXPECT_EQ(record["app"], "live");
    EXPECT_EQ(record["client"], line["fields"]["clientid"]);
  }
  for (const Json& line : test::ReadFixtureLines("nginx-rtmp-callbacks.jsonl")) {
    if (line["call"] == "publish_done") NginxCallback(line);
  }
  EXPECT_EQ(redis().Hlen(keys::kSrsStreamActive), 0);
}

TEST_F(HooksVerifyTest, CallbacksOnlyFromTheEngine) {
  const std::string body = R"({"action":"on_unpublish","vhost":"__defaultVhost__","app":"live","stream":"s"})";
  redis().Hset(keys::kSrsStreamActive, "live/s", "{}");
  // Through a proxy (mgmt, nginx) from somewhere else: refused, nothing changes.
  const auto outside = test::Fetch(port_, "POST", "/terraform/v1/hooks/srs/verify", body,
                                   {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(outside.status, 403);
  EXPECT_EQ(Json::parse(outside.body)["code"], 3000);
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/s").has_value());
  const auto nginx_outside = test::Fetch(port_, "POST", "/terraform/v1/hooks/nginx/verify",
                                         "call=publish_done&app=live&name=s",
                                         {{"Content-Type", "application/x-www-form-urlencoded"},
                                          {"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(nginx_outside.status, 403);
  // The configured engine address is accepted.
  const auto engine = test::Fetch(port_, "POST", "/terraform/v1/hooks/srs/verify", body,
                                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.20"}});
  EXPECT_EQ(engine.status, 200);
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamActive, "live/s").has_value());
}

TEST_F(HooksVerifyTest, MistypedFieldsAre422) {
  const auto answer = test::PostJson(port_, "/terraform/v1/hooks/srs/verify",
                                     R"({"action":"on_publish","app":{"x":1},"param":"?secret=good"})");
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/verify", "{not json").status, 400);
}

TEST_F(HooksVerifyTest, SecretQueryAndUpdateNeedAToken) {
  const std::string token = auth_.Issue().token;
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/secret/query", "{}").status, 401);
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/secret/query", R"({"token":")" + token + "\"}").body,
            R"({"code":0,"data":{"publish":"good"}})");
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/secret", R"({"token":")" + token + "\"}").body,
            R"({"code":0,"data":{"publish":"good"}})");
  EXPECT_EQ(test::PostJson(port_, "/terraform/v1/hooks/srs/secret/update",
                           R"({"token":")" + token + R"(","secret":"new-secret-1"})")
                .body,
            R"({"code":0,"data":{}})");
  EXPECT_EQ(redis().Get(keys::kSrsSecretPublish), "new-secret-1");
}

TEST_F(HooksVerifyTest, SecretUpdateValidation) {
  const std::string token = auth_.Issue().token;
  const auto update = [&](const std::string& secret_json) {
    return test::PostJson(port_, "/terraform/v1/hooks/srs/secret/update",
                          R"({"token":")" + token + R"(","secret":)" + secret_json + "}");
  };
  EXPECT_EQ(update(R"("")").body, R"({"code":1000,"data":{"message":"no secret"}})");
  for (const char* bad : {R"("short")", R"("has space 123")", R"("a&b=c1234")", R"("x\ny12345678")"}) {
    EXPECT_EQ(update(bad).status, 422) << bad;
  }
  EXPECT_EQ(update(R"(["list"])").status, 422);
  EXPECT_EQ(redis().Get(keys::kSrsSecretPublish), "good");
}

TEST_F(HooksVerifyTest, SecretQueryBeforeBootIs1001) {
  redis().Del(keys::kSrsSecretPublish);
  const auto answer = test::PostJson(port_, "/terraform/v1/hooks/srs/secret/query",
                                     R"({"token":")" + auth_.Issue().token + "\"}");
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(answer.body, R"({"code":1001,"data":{"message":"system not boot yet"}})");
}

TEST_F(HooksVerifyTest, FirstStartCreatesOneStrongSecret) {
  redis().Del(keys::kSrsSecretPublish);
  redis::Client other(server().options());
  PublishSecret first(redis()), second(other);
  const std::string a = first.Ensure();
  const std::string b = second.Ensure();
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

// The publish check uses a cached secret; another instance's update still applies within the TTL,
// and this instance's own update at once.
TEST_F(HooksVerifyTest, SecretChangedElsewhereIsHonouredWithinTheCacheTtl) {
  PublishSecret cached(redis(), std::chrono::milliseconds(300));
  EXPECT_TRUE(cached.Accepts("good"));
  redis().Set(keys::kSrsSecretPublish, "changed-elsewhere");
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  EXPECT_FALSE(cached.Accepts("good"));
  EXPECT_TRUE(cached.Accepts("changed-elsewhere"));
  cached.Set("changed-here-1");
  EXPECT_TRUE(cached.Accepts("changed-here-1"));
  EXPECT_FALSE(cached.Accepts("changed-elsewhere"));
}

// The publish check runs on the event loop that serves every callback: it reads the copy a
// thread of PublishSecret refreshes, never Redis itself, so Redis going away neither blocks nor
// fails it (the callback's bookkeeping write still reports the outage).
TEST_F(HooksVerifyTest, ThePublishCheckNeverWaitsForRedis) {
  PublishSecret cached(redis(), std::chrono::milliseconds(200));
  EXPECT_TRUE(cached.Accepts("good"));
  server().Stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  bool accepted = false;
  EXPECT_NO_THROW(accepted = cached.Accepts("good"));
  EXPECT_TRUE(accepted);
  EXPECT_FALSE(cached.Accepts("bad"));
  server().Start();
}

TEST(StreamEventTest, SecretOfBothParamStyles) {
  EXPECT_EQ(SecretOf("?secret=good"), "good");
  EXPECT_EQ(SecretOf("secret=good"), "good");
  EXPECT_EQ(SecretOf("?a=1&secret=x%20y&upstream=rtc"), "x y");
  EXPECT_EQ(SecretOf(""), std::nullopt);
  EXPECT_EQ(SecretOf("?secretx=1"), std::nullopt);
}

// The record is written by hand when every field is plain ASCII: it must be the same text a
// document of the same members gives, for those fields and for every other kind of field.
TEST(StreamEventTest, ActiveStreamRecordIsTheTextOfItsDocument) {
  const auto document = [](const StreamEvent& event) {
    Json record = {{"vhost", event.vhost}, {"app", event.app}, {"stream", event.stream}};
    if (!event.server.empty()) record["server"] = event.server;
    if (!event.client.empty()) record["client"] = event.client;
    return Stringify(record);
  };
  const std::vector<std::string> values = {
      "", "live", "vid-3k1", "a b~!#$%&'()*+,-./:;<=>?@[]^_`{|}", "quote\"d", "back\\slash",
      "tab\there", std::string("nul\0byte", 8), "\x7f", "caf\xc3\xa9", "bad\xff\xfeutf8", "\xe2\x82"};
  for (const std::string& value : values) {
    for (int shape = 0; shape < 4; ++shape) {
      const StreamEvent event{.vhost = "__defaultVhost__", .app = value, .stream = "s" + value,
                              .server = shape & 1 ? value : "", .client = shape & 2 ? "c1" : ""};
      const std::string record = ActiveStreamRecord(event);
      EXPECT_EQ(record, document(event)) << value << " shape " << shape;
      EXPECT_NO_THROW(Json::parse(record));
    }
  }
}

TEST(StreamEventTest, FromSrsTakesTheFirstSecretAndUpstreamOfTheParam) {
  const StreamEvent rtc = FromSrs(Json{{"action", "on_publish"}, {"vhost", "__defaultVhost__"},
                                       {"app", "live"}, {"stream", "s"},
                                       {"param", "?secret=a%2Bb&upstream=rtc&secret=other&upstream=srt"},
                                       {"tcUrl", "rtmp://127.0.0.1/live"}});
  EXPECT_EQ(rtc.secret, "a+b");
  EXPECT_TRUE(rtc.rtc);
  EXPECT_FALSE(rtc.srt);
  const StreamEvent srt = FromSrs(Json{{"param", "secret=x"}, {"tcUrl", "srt://127.0.0.1:10080/live"}});
  EXPECT_EQ(srt.secret, "x");
  EXPECT_TRUE(srt.srt);
  EXPECT_FALSE(srt.rtc);
  const StreamEvent none = FromSrs(Json{{"param", ""}});
  EXPECT_EQ(none.secret, std::nullopt);
  EXPECT_FALSE(none.srt || none.rtc);
}

TEST(StreamEventTest, StreamUrlOfTheDefaultAndOtherVhosts) {
  EXPECT_EQ(StreamUrl({.vhost = "__defaultVhost__", .app = "live", .stream = "s"}), "live/s");
  EXPECT_EQ(StreamUrl({.vhost = "v.example", .app = "live", .stream = "s"}), "v.example/live/s");
  EXPECT_EQ(StreamUrl({.vhost = "__defaultVhost__", .app = "live"}), "");
}

}  // namespace
}  // namespace sc::hooks
