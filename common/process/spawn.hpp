#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sc::mgmt {

using EnvOverrides = std::vector<std::pair<std::string, std::string>>;

struct SpawnedProcess {
  pid_t pid = -1;
  int output_fd = -1;  // read end of the child's stdout + stderr (non-blocking, close-on-exec)
};

// Starts `argv` without a shell: this process' environment with `env` on top, default signal
// mask and dispositions (the daemon frame blocks SIGTERM in every thread), its own process
// group (so a stop reaches its helpers too), and PR_SET_PDEATHSIG(SIGKILL), so it dies with the
// thread that called Spawn — call it from a thread that lives as long as the supervisor.
// Throws std::runtime_error when the program cannot be executed.
SpawnedProcess Spawn(const std::vector<std::string>& argv, const EnvOverrides& env,
                     const std::filesystem::path& working_dir = {});

}  // namespace sc::mgmt
