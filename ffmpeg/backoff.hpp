#pragma once
#include <chrono>
#include <functional>

namespace sc::ffmpeg {

// Restart delays for a failing task (spec/ffmpeg.md §7: the original respawned every ~3 s
// forever): initial, 2x, 4x ... up to `max`, each scaled by a random factor in
// [1 - jitter, 1 + jitter] so many tasks failing together do not restart in lock step.
class Backoff {
 public:
  struct Options {
    std::chrono::milliseconds initial{1000};
    std::chrono::milliseconds max{60000};
    double jitter = 0.2;
  };
  // `uniform` returns a number in [0, 1); the default is a seeded std::mt19937.
  explicit Backoff(Options options, std::function<double()> uniform = {});

  // The delay before the next attempt; each call doubles the base for the following one.
  std::chrono::milliseconds Next();
  // Back to the initial delay (after a run that was healthy long enough).
  void Reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  const Options options_;
  std::function<double()> uniform_;
  int failures_ = 0;
};

}  // namespace sc::ffmpeg
