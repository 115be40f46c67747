#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/redis/client.hpp"

namespace sc::hooks {

// Writes srs/verify's bookkeeping (SRS_STREAM_*_ACTIVE, SRS_STAT_COUNTER; spec/hooks.md §4.2)
// for every callback through one thread: whatever callbacks queued while the previous round trip
// was under way goes to Redis in one pipeline, in arrival order (an unpublish never overtakes
// its publish). Many callbacks then share one round trip (group commit) instead of holding a
// server thread and a Redis connection each, which is what lets on_publish keep up with tens of
// thousands of callbacks a second on the same cores as Redis (bench/hooks).
// Two ways to write:
//  - before the answer (Write with `written`): `written` is called once the commands are in
//    Redis, or with the error (ApiError 1007) when Redis failed or refused one of them; such
//    commands are not retried, since the caller reports the failure.
//  - behind the answer (HOOKS_VERIFY_WRITE_BEHIND): on a Redis failure the commands are kept
//    and retried. Once `max_queued` commands wait, Write waits for room (backpressure), and
//    after Redis' command timeout throws ApiError 1007 as a failed write would, so the engine
//    rejects callbacks instead of the daemon growing without bound.
// Thread-safe.
class BookkeepingWriter {
 public:
  using Written = std::function<void(std::exception_ptr)>;  // null: written

  explicit BookkeepingWriter(redis::Client& redis, std::size_t max_queued = 10'000);
  ~BookkeepingWriter();  // writes what is queued (for up to 2 s), then stops

  void Write(std::vector<std::vector<std::string>> commands, Written written);
  void Write(std::vector<std::vector<std::string>> commands);
  // Waits until everything queued before the call is written or answered; false on timeout.
  bool Flush(std::chrono::milliseconds timeout);
  // Pipelines sent to Redis so far: fewer than the writes when callbacks share round trips.
  std::uint64_t RoundTrips() const { return round_trips_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::vector<std::vector<std::string>> commands{};
    Written written{};  // empty: written behind the answer
  };

  void Loop();
  // One round trip for `batch`; returns the entries to send again (Redis unreachable).
  std::vector<Entry> Send(std::vector<Entry> batch);
  void Settle(std::size_t commands);

  redis::Client& redis_;
  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable queued_cv_;
  std::condition_variable written_cv_;
  std::deque<Entry> queue_{};       // guarded by mutex_
  std::uint64_t queued_total_ = 0;  // commands; guarded by mutex_
  std::uint64_t written_total_ = 0; // commands written or answered; guarded by mutex_
  bool stopping_ = false;           // guarded by mutex_
  std::atomic<std::uint64_t> round_trips_{0};
  std::thread thread_{};
};

}  // namespace sc::hooks
