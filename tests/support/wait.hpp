#pragma once
#include <chrono>
#include <functional>
#include <thread>

namespace sc::test {

// True once `condition` holds, asking it every `poll`; false when `timeout` ran out first.
// Tests wait for a state with this instead of sleeping and then asserting.
inline bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                      std::chrono::milliseconds poll = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(poll);
  }
  return true;
}

}  // namespace sc::test
