#pragma once
#include <map>
#include <string>

#include "common/engine/live_streams.hpp"
#include "common/redis/client.hpp"

namespace sc::hooks {

// Keeps the live-stream registry (SRS_STREAM_ACTIVE and its SRT/RTC twins) true to the engine:
// a stream the engine did not report twice in a row is dropped. The registry is written from
// the engine's callbacks, and an engine that crashed or was killed sends no unpublish, so its
// streams would stay "live" forever (forwards keep restarting against them, the dashboard lists
// them). Two misses, not one, because a publish is registered a moment before the engine
// lists it. Nothing is dropped while the engine does not answer.
class StreamReconciler {
 public:
  StreamReconciler(redis::Client& redis, const engine::EngineQuery& engine);

  // One pass; returns how many registry entries it removed. Throws EngineError (nothing done)
  // when the engine does not answer.
  int Pass();

 private:
  redis::Client& redis_;
  const engine::EngineQuery& engine_;
  std::map<std::string, int>
      missed_;  // "<hash key>\n<field>" -> passes without the engine listing it
};

}  // namespace sc::hooks
