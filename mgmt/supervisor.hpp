#pragma once
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/process/spawn.hpp"

namespace sc::mgmt {

struct ServiceSpec {
  std::string name{};               // "hooks", "srs-server"; also the log file's name
  std::vector<std::string> argv{};  // argv[0] is an absolute path
  process::EnvOverrides env{};
  std::filesystem::path working_dir{};
  // Ready when GET http://127.0.0.1:<ready_port><ready_path> answers 200; no check when 0.
  std::uint16_t ready_port = 0;
  std::string ready_path{};
  bool start_enabled = true;  // false: registered, started only by Enable()
};

struct SupervisorOptions {
  std::filesystem::path log_dir{};
  std::uint64_t log_max_bytes = 10 * 1024 * 1024;
  int log_max_files = 5;
  std::chrono::milliseconds ready_timeout{15'000};    // then the next one starts anyway
  std::chrono::milliseconds backoff_initial{500};     // first restart delay, doubled per crash
  std::chrono::milliseconds backoff_max{30'000};
  std::chrono::milliseconds stable_after{60'000};     // a run this long resets the back-off
  std::chrono::milliseconds stop_grace{12'000};       // SIGTERM, then SIGKILL after this
};

enum class ServiceState { kStopped, kStarting, kRunning, kBackoff };

struct ServiceStatus {
  std::string name{};
  ServiceState state = ServiceState::kStopped;
  pid_t pid = -1;
  int restarts = 0;  // unexpected exits since mgmt started
  std::chrono::system_clock::time_point since{};  // of the current state
  std::string last_exit{};                        // e.g. "exit 1", "signal 9"
  bool enabled = true;
};

const char* StateName(ServiceState state);

// Keeps child processes alive (port-decisions.md §1): starts them in order, each once the one
// before is ready; restarts one that exits with exponential back-off; copies their stdout and
// stderr into rotated per-service log files; stops them all (SIGTERM, then SIGKILL) on Stop().
// One thread owns every child: it forks them (PR_SET_PDEATHSIG is tied to it), reaps them and
// reads their output; the public methods only post requests to it.
class Supervisor {
 public:
  Supervisor(std::vector<ServiceSpec> specs, SupervisorOptions options);
  ~Supervisor();  // Stop()
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  void Start();
  // Stops every child within stop_grace (then kills it), reaps it, ends the thread. Idempotent.
  void Stop();

  bool Has(const std::string& name) const;
  std::optional<ServiceStatus> Status(const std::string& name) const;
  std::vector<ServiceStatus> Statuses() const;
  // Blocks until `name` is running (and ready) or `timeout` passes.
  bool WaitRunning(const std::string& name, std::chrono::milliseconds timeout) const;

  // Starts it now if down and keeps it up (back-off forgotten).
  void Enable(const std::string& name);
  // Stops it and keeps it down until Enable().
  void Disable(const std::string& name);
  // Stops it and starts it again.
  void Restart(const std::string& name);
  // Sends `signal` to it (e.g. SIGHUP: reload). False when it is not running.
  bool Signal(const std::string& name, int signal) const;

 private:
  struct Child;
  enum class Command { kEnable, kDisable, kRestart };

  void Loop();
  void Post(Command command, const std::string& name);
  void ApplyCommands();
  void StartDue();
  void CheckReadiness(Child& child);
  void PumpOutput(int timeout_ms);
  void ReapExited();
  void Launch(Child& child);
  void Terminate(Child& child, bool keep_down);
  void StopAll();
  void SetState(Child& child, ServiceState state);
  Child* Find(const std::string& name);

  const SupervisorOptions options_;
  std::vector<std::unique_ptr<Child>> children_;  // in start order; the set never changes
  mutable std::mutex mutex_;                      // guards statuses and commands
  mutable std::condition_variable changed_;
  std::deque<std::pair<Command, std::string>> commands_{};
  bool stopping_ = false;
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::thread thread_{};
};

}  // namespace sc::mgmt
