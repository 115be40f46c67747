#include "mgmt/command.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

namespace sc::mgmt {

CommandResult RunCommand(const std::vector<std::string>& argv, const process::EnvOverrides& env,
                         std::chrono::milliseconds timeout, const std::filesystem::path& working_dir) {
  const process::SpawnedProcess child = process::Spawn(argv, env, working_dir);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  CommandResult result;
  bool timed_out = false;
  char buffer[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fd{child.output_fd, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 1000))) <= 0) continue;
    const ssize_t n = read(child.output_fd, buffer, sizeof buffer);
    if (n > 0) {
      if (result.output.size() < 1024 * 1024) result.output.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) break;
  }
  close(child.output_fd);
  int status = 0;
  while (!timed_out && waitpid(child.pid, &status, WNOHANG) == 0) {  // output closed, still running
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    usleep(20'000);
  }
  if (timed_out) {
    kill(-child.pid, SIGKILL);
    waitpid(child.pid, &status, 0);
  }
  if (timed_out) {
    result.exit_code = -1;
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

}  // namespace sc::mgmt
