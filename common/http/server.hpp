#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/http/body.hpp"
#include "common/http/proxy.hpp"

namespace sc::async {
class EventLoop;
}  // namespace sc::async

namespace sc::http {

class Router;
class Metrics;

struct ServerOptions {
  std::string address = "127.0.0.1";  // port-decisions.md §3: internal daemons bind loopback
  std::uint16_t port = 0;             // 0: an ephemeral port, see Server::Start()
  std::size_t worker_threads = 4;     // threads serving connections and running handlers
  // The loop to serve on, shared with asynchronous clients (redis::Pipe); it then sets the
  // number of threads instead of worker_threads. Stop() stops it.
  async::EventLoop* loop = nullptr;
  BodyLimits body_limits{};
  std::size_t header_limit = 16 * 1024;
  std::chrono::milliseconds idle_timeout{60'000};   // keep-alive wait for the next request
  std::chrono::milliseconds io_timeout{30'000};     // reading one request, writing one response
  std::chrono::milliseconds drain_timeout{10'000};  // graceful stop: in-flight requests finish
  Metrics* metrics = nullptr;                       // per-route counts and latency, if given
  bool access_log = true;                           // one info line per request
  ProxyResolver proxy{};          // requests it claims are relayed, not given to the Router
  ProxyTimeouts proxy_timeouts{};
};

// HTTP/1.1 server on Beast coroutines: keep-alive, pipelined requests answered in order,
// timeouts, body limits (413 in the JSON envelope). `worker_threads` threads run the I/O loop;
// each connection lives on its own strand and runs the synchronous Router inline, so a handler
// that blocks (Redis, libcurl) holds only its connection and one thread while the others keep
// accepting and serving. (Handing each request to a separate pool cost two thread wake-ups per
// request: about 25% less throughput, measured with bench/platform.) Deferred routes (Router::Begin)
// answer later through a Completion, so a handler that waits on shared work (hooks' group commit
// to Redis) holds no thread while it waits. With `proxy`, requests it claims
// are relayed to an upstream (relay.cpp), streamed both ways. Beast stays in these two files.
class Server {
 public:
  Server(const Router& router, ServerOptions options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens, then serves in the background. Throws std::runtime_error if it cannot
  // listen. Returns the bound port (the ephemeral one when options.port is 0).
  std::uint16_t Start();

  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish
  // (answered with Connection: close) for up to drain_timeout, then closes the rest. Idempotent.
  void Stop();

  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sc::http
