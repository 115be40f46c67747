#include "ffmpeg/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "ffmpeg/progress.hpp"

namespace sc::ffmpeg {
namespace {

// Closes every descriptor from `first` up. Runs between fork and exec: async-signal-safe only.
void CloseFrom(int first) {
  if (close_range(static_cast<unsigned>(first), ~0U, 0) == 0) return;
  rlimit limit{};
  const int last = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536
                       ? static_cast<int>(limit.rlim_cur)
                       : 65536;
  for (int fd = first; fd < last; ++fd) close(fd);
}

// The child side of Spawn, between fork and exec: async-signal-safe calls only (the parent has
// other threads, which may hold locks the child would never see released).
[[noreturn]] void ExecChild(const char* path, char* const* argv, pid_t parent, int devnull,
                            int output, int report) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  setpgid(0, 0);
  // The daemon blocks SIGINT/SIGTERM in all threads and ignores SIGPIPE; both would be
  // inherited through exec and make FFmpeg deaf to our SIGTERM.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &default_action, nullptr);
  dup2(devnull, STDIN_FILENO);
  dup2(output, STDOUT_FILENO);
  dup2(output, STDERR_FILENO);
  // fd 3 reports an exec failure to the parent and closes by itself when exec succeeds.
  dup2(report, 3);
  fcntl(3, F_SETFD, FD_CLOEXEC);
  CloseFrom(4);
  execv(path, argv);
  const int error = errno;
  [[maybe_unused]] const ssize_t written = write(3, &error, sizeof error);
  _exit(127);
}

}  // namespace

std::optional<std::string> ChildProcess::Resolve(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    return access(name.c_str(), X_OK) == 0 ? std::optional(name) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

std::unique_ptr<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                                  LineHandler on_line,
                                                  std::function<void()> on_exit) {
  if (argv.empty()) throw SpawnError("nothing to run");
  const std::optional<std::string> path = Resolve(argv[0]);
  if (!path) throw SpawnError(argv[0] + ": not found or not executable");
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  int output[2];
  int report[2];
  if (pipe2(output, O_CLOEXEC) != 0) throw SpawnError(std::string("pipe: ") + std::strerror(errno));
  if (pipe2(report, O_CLOEXEC) != 0) {
    close(output[0]);
    close(output[1]);
    throw SpawnError(std::string("pipe: ") + std::strerror(errno));
  }
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) ExecChild(path->c_str(), args.data(), parent, devnull, output[1], report[1]);
  const int fork_error = errno;
  close(output[1]);
  close(report[1]);
  if (devnull >= 0) close(devnull);
  if (pid < 0) {
    close(output[0]);
    close(report[0]);
    throw SpawnError(std::string("fork: ") + std::strerror(fork_error));
  }
  setpgid(pid, pid);  // also here: the group must exist before anyone signals it

  int exec_error = 0;
  ssize_t got = 0;
  do {
    got = read(report[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  close(report[0]);
  if (got == static_cast<ssize_t>(sizeof exec_error)) {
    close(output[0]);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    throw SpawnError(*path + ": " + std::strerror(exec_error));
  }
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(pid, output[0], std::move(on_line), std::move(on_exit)));
}

ChildProcess::ChildProcess(pid_t pid, int output, LineHandler on_line,
                           std::function<void()> on_exit)
    : pid_(pid),
      on_line_(std::move(on_line)),
      on_exit_(std::move(on_exit)),
      reader_([this, output] { ReadUntilExit(output); }) {}

ChildProcess::~ChildProcess() {
  Stop();
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::ReadUntilExit(int output) {
  LineSplitter lines;
  const auto deliver = [this](std::string_view line) {
    try {
      if (on_line_) on_line_(line);
    } catch (const std::exception& e) {
      spdlog::warn("child {}: output handler failed: {}", pid_, e.what());
    }
  };
  char buffer[4096];
  while (true) {
    const ssize_t got = read(output, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    lines.Feed(std::string_view(buffer, static_cast<std::size_t>(got)), deliver);
  }
  lines.Flush(deliver);
  close(output);
  // Wait without reaping first: until waitpid below, the pid stays ours (a zombie), so a
  // concurrent Signal() can never reach a process that reused it.
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  {
    std::lock_guard lock(mutex_);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    ExitStatus exit;
    if (WIFEXITED(status)) exit.code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
    status_ = exit;
  }
  exited_.notify_all();
  try {
    if (on_exit_) on_exit_();
  } catch (const std::exception& e) {
    spdlog::warn("child {}: exit handler failed: {}", pid_, e.what());
  }
}

void ChildProcess::Signal(int signal) {
  std::lock_guard lock(mutex_);
  if (status_) return;
  if (kill(-pid_, signal) != 0) kill(pid_, signal);
}

std::optional<ExitStatus> ChildProcess::exit_status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return exited_.wait_for(lock, timeout, [this] { return status_.has_value(); });
}

void ChildProcess::Stop(std::chrono::milliseconds grace) {
  Signal(SIGTERM);
  if (WaitForExit(grace)) return;
  Signal(SIGKILL);
  if (!WaitForExit(std::chrono::seconds(10))) {
    spdlog::error("child {}: still not reaped 10 s after SIGKILL", pid_);
  }
}

}  // namespace sc::ffmpeg
