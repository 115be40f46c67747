#pragma once
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/process/spawn.hpp"

namespace sc::ffmpeg {

using process::SpawnError;  // the binary could not be started

// How a child ended.
struct ExitStatus {
  std::optional<int> code{};    // exit status, when it exited
  std::optional<int> signal{};  // the signal that killed it, otherwise
};

// A child process this process started and owns (process::Spawn: no shell, its own process
// group, clean signal mask, no inherited descriptors, PR_SET_PDEATHSIG — so spawn from a thread
// that lives as long as the daemon), its stdout and stderr read line by line by a thread of its
// own. The pid is only ever
// signalled while the child is unreaped (a reaped pid may already belong to someone else);
// the reader thread reaps it, so no zombie is left.
class ChildProcess {
 public:
  using LineHandler = std::function<void(std::string_view)>;

  // `on_line` runs on the reader thread for every output line; `on_exit` once, after reaping.
  // Throws SpawnError.
  static std::unique_ptr<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                             LineHandler on_line, std::function<void()> on_exit);
  ~ChildProcess();  // Stop(): no child outlives its handle
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Sends `signal` to the child's process group unless it is already reaped.
  void Signal(int signal);
  // The exit status once the child is reaped.
  std::optional<ExitStatus> exit_status() const;
  bool WaitForExit(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after `grace`; returns once the child is reaped.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

 private:
  ChildProcess(pid_t pid, int output, LineHandler on_line, std::function<void()> on_exit);
  void ReadUntilExit(int output);

  const pid_t pid_;
  const LineHandler on_line_;
  const std::function<void()> on_exit_;
  mutable std::mutex mutex_;
  std::condition_variable exited_;
  std::optional<ExitStatus> status_{};  // guarded by mutex_; set when reaped
  std::thread reader_;                  // last: starts after the members it uses
};

}  // namespace sc::ffmpeg
