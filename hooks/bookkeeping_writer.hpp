#pragma once
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "common/redis/pipe.hpp"

namespace sc::hooks {

// Writes srs/verify's bookkeeping (SRS_STREAM_*_ACTIVE, SRS_STAT_COUNTER; spec/hooks.md §4.2)
// before the engine gets its answer, without holding a thread while Redis works: the commands go
// through one asynchronous connection on the server's own loop (redis::Pipe), and whatever
// callbacks arrive while a round trip is under way share the next one (group commit), in
// arrival order. That is what lets on_publish keep up with tens of thousands of callbacks a
// second on the same cores as Redis (bench/hooks). Thread-safe.
class BookkeepingWriter {
 public:
  // Null once the commands are in Redis; otherwise ApiError 1007: Redis could not be reached,
  // did not answer within its command timeout, or refused one of the commands (a key of another
  // type). Nothing is retried: the caller reports the failure and the engine retries.
  using Written = std::function<void(std::exception_ptr)>;

  BookkeepingWriter(async::EventLoop& loop, const redis::Options& options);

  void Write(std::vector<std::vector<std::string>> commands, Written written);
  // Round trips to Redis so far: fewer than the writes when callbacks share them.
  std::uint64_t RoundTrips() const { return pipe_.RoundTrips(); }

 private:
  redis::Pipe pipe_;
};

}  // namespace sc::hooks
