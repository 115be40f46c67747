#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>

namespace sc::log {

// Lets through at most `burst` lines of one kind per `window` and counts the rest, so that a
// flood of the same event (a client retrying a wrong publish secret thousands of times a
// second) cannot fill the log or cost a write(2) each. Thread-safe.
class LineBudget {
 public:
  LineBudget(std::uint64_t burst, std::chrono::steady_clock::duration window);

  // Whether this line may be written. When it may, `held_back` is how many lines of this kind
  // were not written since the last one that was (0 when none), to say so in this line.
  bool Take(std::uint64_t& held_back);

 private:
  using Clock = std::chrono::steady_clock;
  const std::uint64_t burst_;
  const Clock::duration window_;
  std::mutex mutex_;
  Clock::time_point window_start_{};  // guarded by mutex_
  std::uint64_t written_ = 0;         // in the current window; guarded by mutex_
  std::uint64_t held_back_ = 0;       // since the last line written; guarded by mutex_
};

}  // namespace sc::log
