#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

namespace sc::util {

// A background loop (the original's worker threads): runs `tick` at once, then again `period`
// after each run ends (plus `error_delay` after a tick that threw). Exceptions are logged per
// tick and never escape. Destruction stops it promptly, even in the middle of a wait.
class PeriodicWorker {
 public:
  PeriodicWorker(std::string name, std::chrono::milliseconds period, std::function<void()> tick,
                 std::chrono::milliseconds error_delay = std::chrono::milliseconds(0))
      : name_(std::move(name)),
        period_(period),
        error_delay_(error_delay),
        tick_(std::move(tick)),
        thread_([this](std::stop_token stop) { Loop(stop); }) {}

  ~PeriodicWorker() {
    thread_.request_stop();
    wake_.notify_all();
  }

  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

 private:
  void Loop(std::stop_token stop) {
    while (!stop.stop_requested()) {
      auto wait = period_;
      try {
        tick_();
      } catch (const std::exception& e) {
        spdlog::warn("worker {}: {}", name_, e.what());
        wait += error_delay_;
      }
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, wait, [] { return false; });
    }
  }

  const std::string name_;
  const std::chrono::milliseconds period_;
  const std::chrono::milliseconds error_delay_;
  const std::function<void()> tick_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: starts after every member it uses exists
};

}  // namespace sc::util
