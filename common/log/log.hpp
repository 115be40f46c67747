#pragma once
#include <memory>
#include <spdlog/spdlog.h>
#include <string_view>

namespace sc::log {

// Logs to stdout (systemd's journal and mgmt's per-daemon log files collect it) as
// "[time] [daemon] [level] message", each line written at once. `level` is a spdlog level name
// ("info" when empty or unknown: a warning says so).
void Init(std::string_view daemon, std::string_view level);

// The logger of the per-request access lines: the same stdout, but buffered — they are written
// with the daemon's next line, the flush every second, or when 64 KB are waiting, so a busy
// daemon does not pay a write(2) per request. A daemon killed with SIGKILL loses at most a
// second of access lines, never another line. The default logger before Init.
std::shared_ptr<spdlog::logger> AccessLogger();

}  // namespace sc::log
