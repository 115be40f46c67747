#include "common/log/log.hpp"

#include <cstdio>
#include <mutex>
#include <spdlog/sinks/base_sink.h>

namespace sc::log {
namespace {

// stdout through stdio's buffer, shared by both loggers so that their lines keep their order.
// spdlog's own stdout sink flushes every line, which for the access lines is a write(2) per
// request; they stay in the buffer until a line of the daemon's logger (flushed at once), the
// periodic flush (every second) or a full buffer writes them out.
class StdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit StdoutSink(bool flush_each_line) : flush_each_line_(flush_each_line) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
    if (flush_each_line_) std::fflush(stdout);
  }
  void flush_() override { std::fflush(stdout); }

 private:
  const bool flush_each_line_;
};

constexpr const char* kAccessLogger = "access";

// Lines read "[time] [<daemon>] [level] message" whatever the logger's name.
std::shared_ptr<spdlog::logger> LoggerTo(std::string name, std::string_view daemon, bool flush_each_line) {
  auto logger = std::make_shared<spdlog::logger>(std::move(name), std::make_shared<StdoutSink>(flush_each_line));
  logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [" + std::string(daemon) + "] [%l] %v");
  return logger;
}

}  // namespace

void Init(std::string_view daemon, std::string_view level) {
  static const bool buffered = std::setvbuf(stdout, nullptr, _IOFBF, 64 * 1024) == 0;
  (void)buffered;
  spdlog::set_default_logger(LoggerTo(std::string(daemon), daemon, true));
  spdlog::drop(kAccessLogger);
  spdlog::register_logger(LoggerTo(kAccessLogger, daemon, false));
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for names it does not know.
  if (!level.empty() && (parsed != spdlog::level::off || level == "off")) {
    spdlog::set_level(parsed);
  } else {
    spdlog::set_level(spdlog::level::info);
    if (!level.empty()) spdlog::warn("unknown LOG_LEVEL={}, using info", level);
  }
  spdlog::flush_every(std::chrono::seconds(1));
}

std::shared_ptr<spdlog::logger> AccessLogger() {
  auto logger = spdlog::get(kAccessLogger);
  return logger ? logger : spdlog::default_logger();
}

}  // namespace sc::log
