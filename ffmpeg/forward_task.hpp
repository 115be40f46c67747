#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ffmpeg/backoff.hpp"
#include "ffmpeg/child_process.hpp"
#include "ffmpeg/progress.hpp"

namespace sc::ffmpeg {

using SteadyTime = std::chrono::steady_clock::time_point;

// The supervisor of one forward task (one target, one source stream): keeps one FFmpeg
// running with a fixed command line, restarts it with back-off when it exits (a dead target,
// a bad key) and kills it when it stops making progress (a dead stream, a hung target).
// Supervise() is called by the forward worker's thread only; the child's reader thread only
// touches the progress slot.
class ForwardTask {
 public:
  struct Options {
    std::chrono::milliseconds no_progress_timeout{30000};  // spec/ffmpeg.md §6.5 (9 s in dev)
    std::chrono::milliseconds startup_timeout{30000};      // no first progress line (§7)
    std::chrono::milliseconds healthy_after{30000};        // a run this long resets back-off
    std::chrono::milliseconds stop_grace{3000};            // SIGTERM .. SIGKILL
    Backoff::Options backoff{};
  };

  struct Started {
    pid_t pid = 0;
  };
  struct Exited {
    ExitStatus status{};
    std::string last_message{};  // FFmpeg's last non-progress line, usually the reason
    std::chrono::milliseconds retry_in{0};
  };
  struct SpawnFailed {
    std::string error{};
    std::chrono::milliseconds retry_in{0};
  };
  struct Stalled {
    std::chrono::milliseconds silent_for{0};
    bool started = false;  // false: not a single progress line since the start
  };
  using Event = std::variant<std::monostate, Started, Exited, SpawnFailed, Stalled>;

  // `wake` is called from the reader thread when the child exits, so the worker notices at
  // once instead of at its next period.
  ForwardTask(std::vector<std::string> argv, Options options, std::function<void()> wake);
  ~ForwardTask();  // Stop()

  // One supervision step: notices an exit, kills a stalled child, or (re)starts when due.
  Event Supervise(SteadyTime now);
  // The newest progress line since the previous call, if any.
  std::optional<Progress> TakeProgress();
  // SIGTERM now, without waiting (to stop many tasks in parallel before Stop()).
  void RequestStop();
  // Stops the child (SIGTERM, SIGKILL after the grace) and waits until it is reaped.
  void Stop();

  const std::vector<std::string>& argv() const { return argv_; }
  std::optional<pid_t> pid() const;

 private:
  void OnLine(std::string_view line);

  const std::vector<std::string> argv_;
  const Options options_;
  const std::function<void()> wake_;
  Backoff backoff_;
  SteadyTime next_start_{};
  SteadyTime started_at_{};
  bool killed_for_stall_ = false;

  mutable std::mutex progress_mutex_;
  std::optional<Progress> fresh_{};            // guarded by progress_mutex_
  std::optional<SteadyTime> last_progress_{};  // guarded by progress_mutex_
  std::string last_message_{};                 // guarded by progress_mutex_

  std::unique_ptr<ChildProcess> child_{};  // last: destroyed (stopped, reaped) first
};

}  // namespace sc::ffmpeg
