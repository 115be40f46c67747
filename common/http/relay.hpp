#pragma once
// Internal to the HTTP server: includes Beast, so only server.cpp and relay.cpp may include it.
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <string>

#include "common/http/message.hpp"
#include "common/http/proxy.hpp"

namespace sc::http::detail {

// Asynchronous operations answer (error, result...) instead of throwing.
inline constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

struct RelayResult {
  int status = 0;                    // the status the client got (0: none, the client left)
  bool keep_alive = false;           // the client connection may serve another request
  std::optional<Response> failure{};  // nothing was relayed: the server answers this, then closes
};

// Relays one exchange: the request head already read by `parser` and its body from `client`
// to the upstream, then the upstream's answer back, both streamed through one fixed buffer
// each way. Adds X-Forwarded-For/-Proto; one upstream connection per exchange.
boost::asio::awaitable<RelayResult> Relay(
    boost::beast::tcp_stream& client, boost::beast::flat_buffer& client_buffer,
    boost::beast::http::request_parser<boost::beast::http::buffer_body>& parser,
    const ProxyTarget& target, const ProxyTimeouts& timeouts, const std::string& peer_address,
    std::chrono::milliseconds client_io_timeout);

}  // namespace sc::http::detail
