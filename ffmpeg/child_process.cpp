#include "ffmpeg/child_process.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "ffmpeg/progress.hpp"

namespace sc::ffmpeg {

std::unique_ptr<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                                  LineHandler on_line,
                                                  std::function<void()> on_exit) {
  if (argv.empty()) throw SpawnError("nothing to run");
  // Checked first so that the task's record says plainly what is wrong with FFMPEG_BINARY.
  if (!process::FindProgram(argv[0])) throw SpawnError(argv[0] + ": not found or not executable");
  const process::SpawnedProcess child = process::Spawn(argv);
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(child.pid, child.output_fd, std::move(on_line), std::move(on_exit)));
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
