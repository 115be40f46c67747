#include "mgmt/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <spdlog/spdlog.h>

#include "common/http/client.hpp"
#include "mgmt/rotating_log.hpp"

namespace sc::mgmt {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

const char* StateName(ServiceState state) {
  switch (state) {
    case ServiceState::kStopped: return "stopped";
    case ServiceState::kStarting: return "starting";
    case ServiceState::kRunning: return "running";
    case ServiceState::kBackoff: return "restarting";
  }
  return "unknown";
}

struct Supervisor::Child {
  Child(ServiceSpec spec, const SupervisorOptions& options)
      : spec(std::move(spec)),
        log(options.log_dir / (this->spec.name + ".log"), options.log_max_bytes,
            options.log_max_files),
        wanted(this->spec.start_enabled),
        backoff(options.backoff_initial) {
    status.name = this->spec.name;
    status.enabled = wanted;
  }

  const ServiceSpec spec;
  RotatingLog log;
  // Owned by the supervisor thread.
  int output_fd = -1;
  bool wanted;
  bool ever_ready = false;  // later services wait at first start until ready, failed or timed out
  bool relaunch_now = false;     // a Restart(): start again as soon as it is gone
  milliseconds backoff;
  Clock::time_point started_at{};
  Clock::time_point next_start{};
  Clock::time_point ready_deadline{};
  Clock::time_point next_ready_check{};
  std::optional<Clock::time_point> kill_at{};  // SIGKILL if still alive then
  // Guarded by Supervisor::mutex_.
  ServiceStatus status{};
};

Supervisor::Supervisor(std::vector<ServiceSpec> specs, SupervisorOptions options)
    : options_(std::move(options)) {
  for (ServiceSpec& spec : specs) children_.push_back(std::make_unique<Child>(std::move(spec), options_));
  int wake[2];
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("supervisor: pipe failed");
  wake_read_ = wake[0];
  wake_write_ = wake[1];
}

Supervisor::~Supervisor() {
  Stop();
  close(wake_read_);
  close(wake_write_);
}

void Supervisor::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void Supervisor::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  [[maybe_unused]] ssize_t n = write(wake_write_, "x", 1);
  if (thread_.joinable()) thread_.join();
}

bool Supervisor::Has(const std::string& name) const {
  for (const auto& child : children_) {
    if (child->spec.name == name) return true;
  }
  return false;
}

std::optional<ServiceStatus> Supervisor::Status(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const auto& child : children_) {
    if (child->spec.name == name) return child->status;
  }
  return std::nullopt;
}

std::vector<ServiceStatus> Supervisor::Statuses() const {
  std::lock_guard lock(mutex_);
  std::vector<ServiceStatus> list;
  for (const auto& child : children_) list.push_back(child->status);
  return list;
}

bool Supervisor::WaitRunning(const std::string& name, milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    for (const auto& child : children_) {
      if (child->spec.name == name) return child->status.state == ServiceState::kRunning;
    }
    return false;
  });
}

void Supervisor::Enable(const std::string& name) { Post(Command::kEnable, name); }
void Supervisor::Disable(const std::string& name) { Post(Command::kDisable, name); }
void Supervisor::Restart(const std::string& name) { Post(Command::kRestart, name); }

bool Supervisor::Signal(const std::string& name, int signal) const {
  std::lock_guard lock(mutex_);  // the loop reaps under this lock's watch: the pid is still ours
  for (const auto& child : children_) {
    if (child->spec.name == name && child->status.pid > 0) return kill(child->status.pid, signal) == 0;
  }
  return false;
}

void Supervisor::Post(Command command, const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    commands_.emplace_back(command, name);
  }
  [[maybe_unused]] ssize_t n = write(wake_write_, "x", 1);
}

Supervisor::Child* Supervisor::Find(const std::string& name) {
  for (const auto& child : children_) {
    if (child->spec.name == name) return child.get();
  }
  return nullptr;
}

void Supervisor::SetState(Child& child, ServiceState state) {
  {
    std::lock_guard lock(mutex_);
    child.status.state = state;
    child.status.since = std::chrono::system_clock::now();
    child.status.enabled = child.wanted;
  }
  changed_.notify_all();
}

void Supervisor::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    ApplyCommands();
    ReapExited();
    StartDue();
    for (const auto& child : children_) {
      if (child->status.state == ServiceState::kStarting) CheckReadiness(*child);
    }
    PumpOutput(100);
  }
  StopAll();
}

void Supervisor::ApplyCommands() {
  std::deque<std::pair<Command, std::string>> commands;
  {
    std::lock_guard lock(mutex_);
    commands.swap(commands_);
  }
  for (const auto& [command, name] : commands) {
    Child* child = Find(name);
    if (!child) continue;
    const ServiceState state = child->status.state;
    switch (command) {
      case Command::kEnable:
        child->wanted = true;
        child->backoff = options_.backoff_initial;
        child->next_start = Clock::now();
        SetState(*child, state);
        break;
      case Command::kDisable:
        child->wanted = false;
        if (child->status.pid > 0) {
          Terminate(*child, true);
        } else {
          SetState(*child, ServiceState::kStopped);
        }
        break;
      case Command::kRestart:
        child->wanted = true;
        child->backoff = options_.backoff_initial;
        if (child->status.pid > 0) {
          child->relaunch_now = true;
          Terminate(*child, false);
        } else {
          child->next_start = Clock::now();
        }
        break;
    }
  }
}

void Supervisor::StartDue() {
  const auto now = Clock::now();
  bool earlier_not_ready = false;  // first starts follow the list order
  for (const auto& child : children_) {
    const ServiceState state = child->status.state;
    if (child->wanted && child->status.pid <= 0) {
      const bool first = !child->ever_ready;
      if (state == ServiceState::kStopped && !(first && earlier_not_ready)) Launch(*child);
      else if (state == ServiceState::kBackoff && now >= child->next_start) Launch(*child);
    }
    if (child->wanted && !child->ever_ready) earlier_not_ready = true;
  }
}

void Supervisor::Launch(Child& child) {
  const auto now = Clock::now();
  try {
    const process::SpawnedProcess process =
        process::Spawn(child.spec.argv, child.spec.env, child.spec.working_dir);
    // Read by the one supervisor loop next to every other child: never block on one of them.
    fcntl(process.output_fd, F_SETFL, fcntl(process.output_fd, F_GETFL) | O_NONBLOCK);
    child.output_fd = process.output_fd;
    child.started_at = now;
    child.ready_deadline = now + options_.ready_timeout;
    child.next_ready_check = now + milliseconds(50);
    child.kill_at.reset();
    {
      std::lock_guard lock(mutex_);
      child.status.pid = process.pid;
    }
    child.log.Write(fmt::format("--- srs-cloud-mgmt: started {} (pid {}) ---\n", child.spec.name,
                                process.pid));
    spdlog::info("supervisor: started {} (pid {})", child.spec.name, process.pid);
    SetState(child, child.spec.ready_port ? ServiceState::kStarting : ServiceState::kRunning);
    if (!child.spec.ready_port) child.ever_ready = true;
  } catch (const std::exception& e) {
    spdlog::error("supervisor: cannot start {}: {}; retry in {} ms", child.spec.name, e.what(),
                  child.backoff.count());
    {
      std::lock_guard lock(mutex_);
      child.status.last_exit = e.what();
    }
    child.next_start = now + child.backoff;
    child.backoff = std::min(child.backoff * 2, options_.backoff_max);
    child.ever_ready = true;  // one that cannot start must not hold back the rest
    SetState(child, ServiceState::kBackoff);
  }
}

void Supervisor::CheckReadiness(Child& child) {
  const auto now = Clock::now();
  if (now < child.next_ready_check) return;
  child.next_ready_check = now + milliseconds(100);
  bool ready = false;
  try {
    http::ClientRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(child.spec.ready_port) + child.spec.ready_path;
    request.timeout = milliseconds(300);
    request.connect_timeout = milliseconds(300);
    ready = http::Fetch(request).status == 200;
  } catch (const http::ClientError&) {
  }
  if (!ready && now < child.ready_deadline) return;
  if (!ready) {
    spdlog::warn("supervisor: {} not ready after {} ms, starting the next service anyway",
                 child.spec.name, options_.ready_timeout.count());
  } else {
    spdlog::info("supervisor: {} is ready", child.spec.name);
  }
  child.ever_ready = true;
  SetState(child, ServiceState::kRunning);
}

void Supervisor::PumpOutput(int timeout_ms) {
  std::vector<pollfd> fds{{wake_read_, POLLIN, 0}};
  std::vector<Child*> owners{nullptr};
  for (const auto& child : children_) {
    if (child->output_fd >= 0) {
      fds.push_back({child->output_fd, POLLIN, 0});
      owners.push_back(child.get());
    }
  }
  if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
  std::array<char, 16 * 1024> buffer{};
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    if (!owners[i]) {
      while (read(wake_read_, buffer.data(), buffer.size()) > 0) {
      }
      continue;
    }
    Child& child = *owners[i];
    for (int round = 0; round < 4; ++round) {  // bounded: one chatty child cannot starve the rest
      const ssize_t n = read(child.output_fd, buffer.data(), buffer.size());
      if (n > 0) {
        child.log.Write(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
        continue;
      }
      if (n == 0) {  // every writer is gone; the exit is reaped separately
        close(child.output_fd);
        child.output_fd = -1;
      }
      break;
    }
  }
}

namespace {

std::string DescribeExit(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

void Supervisor::ReapExited() {
  const auto now = Clock::now();
  for (const auto& child_pointer : children_) {
    Child& child = *child_pointer;
    const pid_t pid = child.status.pid;
    if (pid <= 0) continue;
    // Peek first: while the exited child is a zombie its pid and process group stay reserved,
    // so killing the helpers it left in its group cannot hit an unrelated process.
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
        info.si_pid != pid) {
      if (child.kill_at && now >= *child.kill_at) {
        spdlog::warn("supervisor: {} did not stop in time, killing it", child.spec.name);
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        child.kill_at.reset();
      }
      continue;
    }
    kill(-pid, SIGKILL);
    int status = 0;
    const std::string how = waitpid(pid, &status, 0) == pid ? DescribeExit(status) : "lost";
    if (child.output_fd >= 0) {
      PumpOutput(0);
      close(child.output_fd);
      child.output_fd = -1;
    }
    child.log.Write(fmt::format("--- srs-cloud-mgmt: {} (pid {}) ended: {} ---\n", child.spec.name,
                                pid, how));
    const bool expected = !child.wanted || child.relaunch_now || child.kill_at.has_value();
    {
      std::lock_guard lock(mutex_);
      child.status.pid = -1;
      child.status.last_exit = how;
      if (!expected) ++child.status.restarts;
    }
    child.kill_at.reset();
    child.ever_ready = true;  // died before ready: the next ones start anyway
    if (!child.wanted) {
      spdlog::info("supervisor: {} stopped ({})", child.spec.name, how);
      SetState(child, ServiceState::kStopped);
    } else if (child.relaunch_now) {
      child.relaunch_now = false;
      child.next_start = now;
      SetState(child, ServiceState::kBackoff);
    } else {
      if (now - child.started_at >= options_.stable_after) child.backoff = options_.backoff_initial;
      child.next_start = now + child.backoff;
      spdlog::warn("supervisor: {} (pid {}) ended ({}), restarting in {} ms", child.spec.name, pid,
                   how, child.backoff.count());
      child.backoff = std::min(child.backoff * 2, options_.backoff_max);
      SetState(child, ServiceState::kBackoff);
    }
  }
}

void Supervisor::Terminate(Child& child, bool keep_down) {
  const pid_t pid = child.status.pid;
  if (pid <= 0) return;
  if (keep_down) child.wanted = false;
  kill(-pid, SIGTERM);
  kill(pid, SIGTERM);
  child.kill_at = Clock::now() + options_.stop_grace;
}

void Supervisor::StopAll() {
  for (auto it = children_.rbegin(); it != children_.rend(); ++it) {
    (*it)->wanted = false;
    Terminate(**it, true);
  }
  const auto deadline = Clock::now() + options_.stop_grace + milliseconds(500);
  for (;;) {
    ReapExited();  // kills at kill_at, i.e. after stop_grace
    bool alive = false;
    for (const auto& child : children_) alive = alive || child->status.pid > 0;
    if (!alive) break;
    if (Clock::now() > deadline) {
      for (const auto& child : children_) {
        if (child->status.pid > 0) {
          kill(-child->status.pid, SIGKILL);
          kill(child->status.pid, SIGKILL);
          waitpid(child->status.pid, nullptr, 0);
        }
      }
      break;
    }
    PumpOutput(20);
  }
  spdlog::info("supervisor: all services stopped");
}

}  // namespace sc::mgmt
