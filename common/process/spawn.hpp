#pragma once
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sc::process {

using EnvOverrides = std::vector<std::pair<std::string, std::string>>;

// The program could not be started (not found, not executable, fork failed).
class SpawnError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SpawnedProcess {
  pid_t pid = -1;
  int output_fd = -1;  // read end of the child's stdout + stderr (blocking, close-on-exec)
};

// Starts `argv` without a shell (argv[0] looked up on PATH unless it contains '/'): this
// process' environment with `env` on top, stdin /dev/null, default signal mask and SIGPIPE
// disposition (the daemon frame blocks SIGTERM in every thread), no inherited descriptor beyond
// 0-2, its own process group (so a stop reaches its helpers too), and PR_SET_PDEATHSIG(SIGKILL),
// so it dies with the thread that called Spawn — call it from a thread that lives as long as
// the child should. Throws SpawnError, with errno's text when exec failed.
SpawnedProcess Spawn(const std::vector<std::string>& argv, const EnvOverrides& env = {},
                     const std::filesystem::path& working_dir = {});

// The executable `name` names: itself when it contains '/', else the first match on PATH.
std::optional<std::string> FindProgram(const std::string& name);

}  // namespace sc::process
