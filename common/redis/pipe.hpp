#pragma once
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/redis/client.hpp"

namespace sc::async {
class EventLoop;
}  // namespace sc::async

namespace sc::redis {

// One asynchronous connection to Redis on an EventLoop, for callers that must not hold a thread
// while Redis answers (hooks' srs/verify bookkeeping). Commands sent while a pipeline is under way
// wait and go out together in the next one (group commit), in the order they were sent, and each
// sender hears about its own commands only. After a failure the next send connects afresh.
// Thread-safe; `done` runs on the loop.
class Pipe {
 public:
  // `failure` (ApiError 1007) when Redis could not be reached or did not answer within the
  // command timeout: the commands may or may not have run, and `errors` is empty. Otherwise
  // `errors` holds one text per command: empty when it succeeded, else "<COMMAND>: <Redis' error>".
  using Done = std::function<void(std::exception_ptr failure, std::vector<std::string> errors)>;

  Pipe(async::EventLoop& loop, Options options);
  ~Pipe();  // what is still waiting gets `failure`
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  void Send(std::vector<std::vector<std::string>> commands, Done done);
  // Pipelines written to Redis so far: fewer than the sends when senders share round trips.
  std::uint64_t RoundTrips() const;
  // Whether a connection is open now (one is opened by the first send, and after a failure by
  // the next one).
  bool Connected() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace sc::redis
