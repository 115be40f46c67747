#include "ffmpeg/backoff.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace sc::ffmpeg {

Backoff::Backoff(Options options, std::function<double()> uniform)
    : options_(options), uniform_(std::move(uniform)) {
  if (!uniform_) {
    // Jitter only spreads restarts; it needs no cryptographic randomness.
    auto engine = std::make_shared<std::mt19937>(std::random_device{}());
    uniform_ = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
  }
}

std::chrono::milliseconds Backoff::Next() {
  double base = static_cast<double>(options_.initial.count());
  for (int i = 0; i < failures_ && base < static_cast<double>(options_.max.count()); ++i) base *= 2;
  base = std::min(base, static_cast<double>(options_.max.count()));
  ++failures_;
  const double factor = 1.0 + options_.jitter * (2.0 * uniform_() - 1.0);
  return std::chrono::milliseconds(static_cast<long long>(base * factor));
}

}  // namespace sc::ffmpeg
