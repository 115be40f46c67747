#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/redis/client.hpp"

namespace sc::hooks {

// Writes srs/verify's bookkeeping (SRS_STREAM_*_ACTIVE, SRS_STAT_COUNTER; spec/hooks.md §4.2)
// behind the answer: callbacks queue their commands and one thread sends everything queued in
// one pipelined round trip, in arrival order (an unpublish never overtakes its publish). A
// callback then costs no Redis round trip at all, which is what lets on_publish keep up with
// thousands of callbacks a second on the same cores as Redis (bench/hooks).
// When Redis fails the batch is kept and retried. Once `max_queued` commands wait, Write waits
// for room (backpressure), and after Redis' command timeout throws ApiError 1007 as a
// synchronous write would, so the engine rejects callbacks instead of the daemon growing without
// bound. Thread-safe.
class BookkeepingWriter {
 public:
  explicit BookkeepingWriter(redis::Client& redis, std::size_t max_queued = 10'000);
  ~BookkeepingWriter();  // writes what is queued (for up to 2 s), then stops

  void Write(std::vector<std::vector<std::string>> commands);
  // Waits until everything queued before the call is in Redis; false on timeout.
  bool Flush(std::chrono::milliseconds timeout);

 private:
  void Loop();

  redis::Client& redis_;
  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable queued_cv_;
  std::condition_variable written_cv_;
  std::deque<std::vector<std::string>> queue_{};  // guarded by mutex_
  std::uint64_t queued_total_ = 0;                // guarded by mutex_
  std::uint64_t written_total_ = 0;               // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_
  std::thread thread_{};
};

}  // namespace sc::hooks
