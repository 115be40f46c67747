#include "hooks/stream_reconciler.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "common/engine/nginx_rtmp_query.hpp"
#include "common/redis/keys.hpp"
#include "tests/support/media_stack.hpp"
#include "tests/support/redis_test.hpp"

namespace sc::hooks {
namespace {

namespace keys = redis::keys;
using namespace std::chrono_literals;

// The registry against a real nginx-rtmp with ffmpeg publishing live/cam: entries the engine
// does not list go after two passes, live ones stay, nothing changes while the engine is down.
class StreamReconcilerTest : public test::RedisTest {
 protected:
  bool EngineLists(const std::string& stream) {
    try {
      for (const auto& live : engine_.Streams()) {
        if (live.stream == stream) return true;
      }
    } catch (const engine::EngineError&) {
    }
    return false;
  }

  test::NginxRtmp nginx_{{{.name = "live"}}};
  const engine::NginxRtmpQuery engine_{"http://127.0.0.1:" + std::to_string(nginx_.http_port())};
  StreamReconciler reconciler_{redis(), engine_};
};

TEST_F(StreamReconcilerTest, AStreamTheEngineNoLongerHasLeavesTheRegistryAfterTwoPasses) {
  test::TestPublisher publisher(nginx_.Url("live", "cam"));
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!EngineLists("cam") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(EngineLists("cam")) << publisher.ReadLog() << nginx_.ReadLog();

  const std::string record = R"({"vhost":"__defaultVhost__","app":"live","stream":"x"})";
  redis().Hset(keys::kSrsStreamActive, "live/cam", record);
  redis().Hset(keys::kSrsStreamActive, "live/ghost", record);            // its engine crashed
  redis().Hset(keys::kSrsStreamActive, "other.vhost/live/cam", record);  // matched by app/stream
  redis().Hset(keys::kSrsStreamSrtActive, "live/srt-ghost", record);

  EXPECT_EQ(reconciler_.Pass(), 0) << "one miss is not enough (a publish may be just registered)";
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/ghost"));
  EXPECT_EQ(reconciler_.Pass(), 2);
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamActive, "live/ghost"));
  EXPECT_FALSE(redis().Hget(keys::kSrsStreamSrtActive, "live/srt-ghost"));
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/cam"));
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "other.vhost/live/cam"));
}

TEST_F(StreamReconcilerTest, NothingIsRemovedWhileTheEngineDoesNotAnswer) {
  redis().Hset(keys::kSrsStreamActive, "live/cam", "{}");
  nginx_.Stop();
  for (int i = 0; i < 3; ++i) EXPECT_THROW(reconciler_.Pass(), engine::EngineError);
  EXPECT_TRUE(redis().Hget(keys::kSrsStreamActive, "live/cam"));
  // Back: the stream is gone from the engine, and goes from the registry after two passes.
  nginx_.Start();
  EXPECT_EQ(reconciler_.Pass(), 0);
  EXPECT_EQ(reconciler_.Pass(), 1);
}

}  // namespace
}  // namespace sc::hooks
