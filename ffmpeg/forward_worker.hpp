#pragma once
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "ffmpeg/command_line.hpp"
#include "ffmpeg/forward_target.hpp"
#include "ffmpeg/forward_task.hpp"

namespace sc::ffmpeg {

struct WorkerOptions {
  RtmpSource source{};
  std::string ffmpeg = "ffmpeg";  // binary, from PATH unless it contains '/'
  std::chrono::milliseconds period{1000};
  std::chrono::milliseconds error_delay{5000};  // after a pass that failed (Redis gone)
  ForwardTask::Options task{};
};

// The forward worker (spec/ffmpeg.md §6) as a reconciler: every pass reads the targets
// (SRS_FORWARD_CONFIG) and the live streams (SRS_STREAM_ACTIVE, kept by hooks), decides which
// <platform>@<stream> tasks should run, starts a ForwardTask for each new one, stops the ones
// whose stream ended, whose target was disabled or deleted, or whose command line changed,
// and keeps SRS_FORWARD_MAP/STREAM/FRAME/CODE as the original did (§4). Children are known
// by their handles only; a pid found in Redis is never signalled. One thread of its own, which
// also spawns every FFmpeg (their PR_SET_PDEATHSIG is tied to it).
class ForwardWorker {
 public:
  ForwardWorker(redis::Client& redis, WorkerOptions options);
  ~ForwardWorker();  // Stop()
  ForwardWorker(const ForwardWorker&) = delete;
  ForwardWorker& operator=(const ForwardWorker&) = delete;

  // Runs a pass now instead of at the next period (a config changed, a child exited).
  void Wake();
  // Stops the loop and every FFmpeg it started (SIGTERM, then SIGKILL after the grace).
  void Stop();

 private:
  // A task that should run now, with what its ForwardObj and command line need.
  struct Wanted {
    std::string key{};
    const ForwardTarget* target = nullptr;
    const ActiveStream* stream = nullptr;
  };
  struct Running {
    std::unique_ptr<ForwardTask> task{};
    Json record{};  // the ForwardObj kept in SRS_FORWARD_STREAM[key]
    std::string output{};
    std::optional<std::string> secret{};  // masked out of FFmpeg's messages
  };

  void Loop(std::stop_token stop);
  void Pass();
  std::vector<Wanted> Plan(const std::vector<ForwardTarget>& targets,
                           const std::vector<ActiveStream>& streams);
  void Retire(const std::map<std::string, Wanted>& wanted);
  Running& Ensure(const Wanted& wanted);
  void Supervise(const std::string& key, Running& running);
  void SaveRecord(const std::string& key, const Json& record);
  void Forget(const std::string& key);
  void StopAll();

  redis::Client& redis_;
  const WorkerOptions options_;
  std::map<std::string, Running> running_{};  // worker thread only
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;   // guarded by mutex_
  std::jthread thread_;  // last: starts after every member it uses exists
};

}  // namespace sc::ffmpeg
