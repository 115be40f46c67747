#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>


namespace sc::platform {

// Slows down password and API-secret guessing: an address with `max_failures` failures within
// `window` is refused (HTTP 429, code 2000) until the oldest of them ages out. A success
// clears the address. Thread-safe; remembers at most 10000 addresses.
class LoginLimiter {
 public:
  LoginLimiter(int max_failures, std::chrono::seconds window);

  void Check(const std::string& address);  // throws ApiError 429 when refused
  void Failed(const std::string& address);
  void Succeeded(const std::string& address);

 private:
  using Clock = std::chrono::steady_clock;
  void Prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_{};  // guarded by mutex_
};

}  // namespace sc::platform
