#include "mgmt/command.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <sstream>

namespace sc::mgmt {

CommandResult RunCommand(const std::vector<std::string>& argv, const EnvOverrides& env,
                         std::chrono::milliseconds timeout, const std::filesystem::path& working_dir) {
  const SpawnedProcess process = Spawn(argv, env, working_dir);
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
    pollfd fd{process.output_fd, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 1000))) <= 0) continue;
    const ssize_t n = read(process.output_fd, buffer, sizeof buffer);
    if (n > 0) {
      if (result.output.size() < 1024 * 1024) result.output.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) break;
  }
  close(process.output_fd);
  int status = 0;
  while (!timed_out && waitpid(process.pid, &status, WNOHANG) == 0) {  // output closed, still running
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    usleep(20'000);
  }
  if (timed_out) {
    kill(-process.pid, SIGKILL);
    waitpid(process.pid, &status, 0);
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

std::string FindProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const std::string candidate = folder + "/" + program;
    if (!folder.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace sc::mgmt
