#include "common/log/line_budget.hpp"

namespace sc::log {

LineBudget::LineBudget(std::uint64_t burst, std::chrono::steady_clock::duration window)
    : burst_(burst), window_(window) {}

bool LineBudget::Take(std::uint64_t& held_back) {
  const Clock::time_point now = Clock::now();
  std::lock_guard lock(mutex_);
  if (now - window_start_ >= window_) {
    window_start_ = now;
    written_ = 0;
  }
  if (written_ >= burst_) {
    ++held_back_;
    return false;
  }
  ++written_;
  held_back = held_back_;
  held_back_ = 0;
  return true;
}

}  // namespace sc::log
