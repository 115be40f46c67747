#pragma once
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace sc::async {

// One Asio io_context shared by the HTTP server (ServerOptions::loop) and asynchronous clients
// (redis::Pipe), so that a request and the Redis work it waits for run on the same threads
// without hand-offs between them. Keeps Asio's headers out of the files that only pass it along.
class EventLoop {
 public:
  // `threads`: exactly how many threads will run it, those of the Server on it or those of
  // Start, never both (Asio's concurrency hint; with 1, handlers run one after another without
  // strands, async::SerialExecutor).
  explicit EventLoop(std::size_t threads);
  ~EventLoop();  // stops the threads of Start
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& context() { return *context_; }
  std::size_t threads() const { return threads_; }

  // Runs the loop on its own threads until Stop, for users without a Server (tests, tools).
  void Start();
  void Stop();

 private:
  struct Keeper;  // keeps run() from returning while there is nothing to do
  std::size_t threads_;
  std::unique_ptr<boost::asio::io_context> context_;
  std::unique_ptr<Keeper> keeper_;
  std::vector<std::thread> runners_;
};

}  // namespace sc::async
