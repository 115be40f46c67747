#pragma once
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sc::ffmpeg {

// The binary could not be started (not on PATH, not executable, fork failed).
class SpawnError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How a child ended.
struct ExitStatus {
  std::optional<int> code{};    // exit status, when it exited
  std::optional<int> signal{};  // the signal that killed it, otherwise
};

// A child process this process started and owns: argv exec'd without a shell (fork + execv),
// stdin /dev/null, stdout and stderr read line by line by a thread of its own. The child runs
// in a process group of its own, with the signal mask and SIGPIPE reset, no inherited file
// descriptor beyond 0-2, and PR_SET_PDEATHSIG(SIGKILL): it dies when the thread that spawned
// it dies, so spawn from a thread that lives as long as the daemon. The pid is only ever
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

  // An executable's path: `name` itself when it contains '/', else the first match on PATH.
  static std::optional<std::string> Resolve(const std::string& name);

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
