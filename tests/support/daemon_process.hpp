#pragma once
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sc::test {

using EnvList = std::vector<std::pair<std::string, std::string>>;

// A child process started by a test: argv exec'd without a shell, this process' environment
// plus `env`, stdout and stderr appended to `log_file`. PR_SET_PDEATHSIG makes it die with the
// test binary even when that crashes, so no server is ever left behind.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, EnvList env, std::string log_file);
  ~ChildProcess();  // Kill()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Start();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  void Signal(int signal) const;
  // Waits for the exit; the exit status (128+N for a signal), or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after `grace`; returns the exit status.
  int Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  void Kill();
  std::string ReadLog() const;

 private:
  std::vector<std::string> argv_;
  EnvList env_;
  std::string log_file_;
  pid_t pid_ = -1;
};

// The state letter of /proc/<pid>/stat ('Z' for a zombie), 0 when there is no such process.
char ProcessState(pid_t pid);
// Running: it exists and is not a zombie (a container's init may never reap one).
bool IsRunning(pid_t pid);
// True when `pid` is gone (not even a zombie) within `timeout`.
bool ProcessGoneWithin(pid_t pid, std::chrono::milliseconds timeout);

// The path of one of the project's executables in build/bin.
std::string BinaryPath(const std::string& name);

// Polls GET http://127.0.0.1:port<target> until it answers 200 or `timeout` passes.
bool WaitForHttp(std::uint16_t port, const std::string& target, std::chrono::milliseconds timeout);

}  // namespace sc::test
