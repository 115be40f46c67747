#include "common/log/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

namespace sc::log {

void Init(std::string_view daemon, std::string_view level) {
  auto logger = spdlog::stdout_logger_mt(std::string(daemon));
  logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
  spdlog::set_default_logger(logger);
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for names it does not know.
  if (!level.empty() && (parsed != spdlog::level::off || level == "off")) {
    spdlog::set_level(parsed);
  } else {
    spdlog::set_level(spdlog::level::info);
    if (!level.empty()) spdlog::warn("unknown LOG_LEVEL={}, using info", level);
  }
  // Warnings and errors reach the log at once; info lines (one per request) are written in
  // batches at least once a second: flushing every access line cost ~15% of the request rate.
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace sc::log
