#pragma once
// Internal to the HTTP server: includes Beast, so only server.cpp and relay.cpp may include it.
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/http/message.hpp"
#include "common/http/proxy.hpp"

namespace sc::http::detail {

// Asynchronous operations answer (error, result...) instead of throwing.
inline constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// Idle keep-alive connections to the upstreams, taken by later exchanges instead of a new
// connection each (which cost the proxy most of its overhead). It keeps bare descriptors, so a
// connection moves freely between client connections and their strands. Thread-safe.
class UpstreamPool {
 public:
  explicit UpstreamPool(std::size_t max_idle_per_upstream = 32,
                        std::chrono::milliseconds max_idle_time = std::chrono::seconds(10))
      : max_idle_per_upstream_(max_idle_per_upstream), max_idle_time_(max_idle_time) {}
  ~UpstreamPool();
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  // An idle connection to `upstream` that is still open and quiet, or -1. Closed, talkative
  // or too old ones are dropped on the way.
  int Take(const boost::asio::ip::tcp::endpoint& upstream);
  // Keeps `fd` for the next exchange with `upstream` (or closes it when enough are kept).
  void Give(const boost::asio::ip::tcp::endpoint& upstream, int fd);

 private:
  struct Idle {
    int fd;
    std::chrono::steady_clock::time_point since;
  };
  const std::size_t max_idle_per_upstream_;
  const std::chrono::milliseconds max_idle_time_;
  std::mutex mutex_;
  std::map<boost::asio::ip::tcp::endpoint, std::vector<Idle>> idle_{};  // guarded by mutex_
};

struct RelayResult {
  int status = 0;                    // the status the client got (0: none, the client left)
  bool keep_alive = false;           // the client connection may serve another request
  std::optional<Response> failure{};  // nothing was relayed: the server answers this, then closes
};

// Relays one exchange: the request head already read by `parser` and its body from `client`
// to the upstream, then the upstream's answer back, both streamed through one fixed buffer
// each way. Adds X-Forwarded-For/-Proto. The upstream connection comes from `pool` when one is
// idle there and goes back when the exchange ended cleanly and the upstream keeps it open; a
// request without a body is sent once more on a new connection when a pooled one turns out
// to be closed before any answer.
boost::asio::awaitable<RelayResult> Relay(
    boost::beast::tcp_stream& client, boost::beast::flat_buffer& client_buffer,
    boost::beast::http::request_parser<boost::beast::http::buffer_body>& parser,
    const ProxyTarget& target, const ProxyTimeouts& timeouts, const std::string& peer_address,
    std::chrono::milliseconds client_io_timeout, UpstreamPool& pool);

}  // namespace sc::http::detail
