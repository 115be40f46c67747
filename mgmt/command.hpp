#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "common/process/spawn.hpp"

namespace sc::mgmt {

struct CommandResult {
  int exit_code = -1;   // 128+N for a signal; -1 when it timed out (and was killed)
  std::string output{};  // stdout and stderr, at most 1 MiB kept
};

// Runs argv (no shell) to the end or for at most `timeout`, then kills its process group.
// Throws process::SpawnError when it cannot be started.
CommandResult RunCommand(const std::vector<std::string>& argv, const process::EnvOverrides& env,
                         std::chrono::milliseconds timeout,
                         const std::filesystem::path& working_dir = {});

}  // namespace sc::mgmt
