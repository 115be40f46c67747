#include "common/engine/engine_query.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/config/settings.hpp"
#include "common/engine/nginx_rtmp_query.hpp"
#include "common/engine/srs_api_query.hpp"
#include "tests/support/net.hpp"

namespace sc::engine {
namespace {

// A file of ../shared/fixtures, captured from real SRS 5 and nginx-rtmp.
std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(SC_SHARED_DIR) + "/fixtures/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
Json FixtureJson(const std::string& name) { return Json::parse(Fixture(name)); }

config::Settings SettingsWith(std::map<std::string, std::string, std::less<>> values) {
  return config::Settings("/nonexistent/srs-cloud-home", std::move(values));
}

TEST(NginxRtmpStatTest, ThePublishedStreamWithItsPublisherAndPlayer) {
  const auto streams = StreamsFromNginxRtmpStat(Fixture("nginx-rtmp-stat.xml"));
  ASSERT_EQ(streams.size(), 1u);
  const LiveStream& live = streams[0];
  EXPECT_EQ(live.vhost, "__defaultVhost__");
  EXPECT_EQ(live.app, "live");
  EXPECT_EQ(live.stream, "livestream");
  EXPECT_EQ(live.protocol, "rtmp");
  EXPECT_DOUBLE_EQ(*live.live_seconds, 12.75);
  EXPECT_EQ(live.viewers, 1);
  ASSERT_EQ(live.clients.size(), 2u);
  EXPECT_EQ(live.clients[0].id, "6");
  EXPECT_FALSE(live.clients[0].publisher);
  EXPECT_EQ(live.clients[0].type, "play");
  EXPECT_EQ(live.clients[1].id, "2");
  EXPECT_TRUE(live.clients[1].publisher);
  EXPECT_EQ(live.clients[1].address, "127.0.0.1");
  EXPECT_DOUBLE_EQ(live.clients[1].alive_seconds, 12.926);
}

TEST(NginxRtmpStatTest, IdleMeansNoStreams) {
  EXPECT_TRUE(StreamsFromNginxRtmpStat(Fixture("nginx-rtmp-stat-idle.xml")).empty());
}

TEST(NginxRtmpStatTest, PlayersWaitingForAPublisherAreNoLiveStream) {
  const std::string xml =
      "<rtmp><server><application><name>live</name><live><stream><name>later</name>"
      "<time>900</time><client><id>3</id><time>900</time></client><nclients>1</nclients>"
      "</stream></live></application></server></rtmp>";
  EXPECT_TRUE(StreamsFromNginxRtmpStat(xml).empty());
}

TEST(NginxRtmpStatTest, SomethingElseIsAClearError) {
  for (const char* text : {"", "<html><body>502</body></html>", "<rtmp><server>", "{}"}) {
    EXPECT_THROW(StreamsFromNginxRtmpStat(text), EngineError) << text;
  }
}

TEST(SrsApiStreamsTest, TheLiveStreamWithItsClientsFromSrs5) {
  const auto streams = StreamsFromSrsApi(FixtureJson("srs5-api/streams-live.json"),
                                         FixtureJson("srs5-api/clients-live.json"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].app, "live");
  EXPECT_EQ(streams[0].stream, "livestream");
  EXPECT_EQ(streams[0].vhost, "vid-0vi990c");
  EXPECT_EQ(streams[0].protocol, "rtmp");
  EXPECT_DOUBLE_EQ(*streams[0].live_seconds, 25.40);
  EXPECT_EQ(streams[0].viewers, 2) << "one RTMP and one HLS player";
  EXPECT_EQ(streams[0].clients.size(), 3u);
}

TEST(SrsApiStreamsTest, AnSrtPublisherMakesAnSrtStream) {
  const auto streams = StreamsFromSrsApi(FixtureJson("srs5-api/streams-live-srt.json"),
                                         FixtureJson("srs5-api/clients-live-srt.json"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].protocol, "srt");
  EXPECT_EQ(streams[0].viewers, 0);
}

TEST(SrsApiStreamsTest, IdleAndUnpublishedMeanNoStreams) {
  EXPECT_TRUE(StreamsFromSrsApi(FixtureJson("srs5-api/streams-idle.json"),
                                FixtureJson("srs5-api/clients-idle.json"))
                  .empty());
  EXPECT_TRUE(StreamsFromSrsApi(FixtureJson("srs5-api/streams-after-unpublish.json"),
                                FixtureJson("srs5-api/clients-idle.json"))
                  .empty());
}

TEST(SrsApiStreamsTest, AnswersWithoutTheListsAreErrors) {
  const Json clients = FixtureJson("srs5-api/clients-idle.json");
  EXPECT_THROW(StreamsFromSrsApi(Json::object(), clients), EngineError);
  EXPECT_THROW(StreamsFromSrsApi({{"code", 1}, {"streams", Json::array()}}, clients), EngineError);
  EXPECT_THROW(StreamsFromSrsApi(FixtureJson("srs5-api/streams-idle.json"), Json::array()),
               EngineError);
}

TEST(SrsApiStreamsTest, MistypedMembersAreNotPublishersNotExceptions) {
  // Found by the fuzzer (tests/fuzz/corpus/crash-srs-api-publish-not-boolean).
  Json streams = FixtureJson("srs5-api/streams-live.json");
  Json clients = FixtureJson("srs5-api/clients-live.json");
  for (Json& client : clients["clients"]) client["publish"] = Json::object();
  auto live = StreamsFromSrsApi(streams, clients);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].viewers, 3);
  EXPECT_FALSE(live[0].live_seconds.has_value());
  streams["streams"][0]["publish"]["active"] = "yes";
  EXPECT_TRUE(StreamsFromSrsApi(streams, clients).empty());
  EXPECT_THROW(StreamsFromSrsApi({{"code", "0"}, {"streams", Json::array()}}, clients), EngineError);
}

TEST(EngineQueryForTest, NoEngineAnsweringIsOneErrorNamingBoth) {
  const test::RefusedPort no_api, no_http;
  const auto query =
      EngineQueryFor(SettingsWith({{"SRS_API_PORT", std::to_string(no_api.port())},
                                   {"SRS_HTTP_PORT", std::to_string(no_http.port())}}));
  EXPECT_EQ(query->kind(), "auto");
  try {
    query->Streams();
    FAIL() << "nothing listens, yet an answer";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("SRS API"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("nginx-rtmp"), std::string::npos) << e.what();
  }
}

TEST(EngineQueryForTest, TheConfiguredEngineOrAClearError) {
  EXPECT_EQ(EngineQueryFor(SettingsWith({{"MEDIA_ENGINE", "srs"}}))->kind(), "srs");
  EXPECT_EQ(EngineQueryFor(SettingsWith({{"MEDIA_ENGINE", "nginx-rtmp"}}))->kind(), "nginx-rtmp");
  EXPECT_THROW(EngineQueryFor(SettingsWith({{"MEDIA_ENGINE", "wowza"}})), std::invalid_argument);
}

}  // namespace
}  // namespace sc::engine
