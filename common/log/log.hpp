#pragma once
#include <string_view>

namespace sc::log {

// Logs to stdout (systemd's journal and mgmt's per-daemon log files collect it) as
// "[time] [daemon] [level] message"; warnings and worse are flushed at once, the rest within a
// second. `level` is a spdlog level name ("info" when empty or
// unknown: a warning says so).
void Init(std::string_view daemon, std::string_view level);

}  // namespace sc::log
