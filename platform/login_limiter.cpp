#include "platform/login_limiter.hpp"

#include "common/http/api_error.hpp"

namespace sc::platform {
LoginLimiter::LoginLimiter(int max_failures, std::chrono::seconds window)
    : max_failures_(max_failures), window_(window) {}

void LoginLimiter::Prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

void LoginLimiter::Check(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(address);
  if (it == failures_.end()) return;
  const auto now = Clock::now();
  Prune(it->second, now);
  if (static_cast<int>(it->second.size()) < max_failures_) return;
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(
      it->second.front() + window_ - now);
  throw http::TooManyRequests(http::ErrorCode::kAuthPassword,
                              "too many failed attempts, retry in " +
                                  std::to_string(wait.count() + 1) + "s");
}

void LoginLimiter::Failed(const std::string& address) {
  std::lock_guard lock(mutex_);
  if (failures_.size() >= 10000 && !failures_.contains(address)) failures_.erase(failures_.begin());
  auto& failures = failures_[address];
  const auto now = Clock::now();
  Prune(failures, now);
  failures.push_back(now);
}

void LoginLimiter::Succeeded(const std::string& address) {
  std::lock_guard lock(mutex_);
  failures_.erase(address);
}

}  // namespace sc::platform
