#include "common/http/relay.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "common/http/api_error.hpp"
#include "common/http/envelope.hpp"

namespace sc::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kChunk = 64 * 1024;

// spec/mgmt.md §2: refused -> 503, timeout -> 504, anything else -> 500; empty body, or the
// envelope where the route is an API.
Response ProxyFailure(int status, const ProxyTarget& target, const std::string& why) {
  if (target.api) return Failure(ApiError(ErrorCode::kGeneric, status, why));
  Response response;
  response.status = status;
  return response;
}

int StatusFor(const boost::system::error_code& error) {
  if (error == beast::error::timeout) return 504;
  if (error == net::error::connection_refused) return 503;
  return 500;
}

// The hop-by-hop headers of RFC 9110 §7.6.1 that a proxy must not forward.
template <class Fields>
void DropHopByHop(Fields& fields) {
  for (const char* name : {"Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade",
                           "Proxy-Authorization", "Proxy-Authenticate"}) {
    fields.erase(name);
  }
}

// Copies one message body from `input` (read by `parser`) to `output` (written by
// `serializer`) through `buffer`, as Beast's relay example does. `read_timeout` bounds the wait
// for the next input bytes, `write_timeout` each write. Returns the first error of either side
// and which side it was.
template <class Parser, class Serializer>
net::awaitable<std::pair<boost::system::error_code, bool>> CopyBody(
    beast::tcp_stream& input, beast::flat_buffer& input_buffer, Parser& parser,
    beast::tcp_stream& output, Serializer& serializer, std::array<char, kChunk>& buffer,
    std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout) {
  auto& body = parser.get().body();
  do {
    if (!parser.is_done()) {
      body.data = buffer.data();
      body.size = buffer.size();
      input.expires_after(read_timeout);
      auto [read_error, read_bytes] = co_await bhttp::async_read(input, input_buffer, parser, kNoThrow);
      if (read_error == bhttp::error::need_buffer) read_error = {};
      if (read_error) co_return std::pair{read_error, true};
      body.size = buffer.size() - body.size;
      body.data = buffer.data();
      body.more = !parser.is_done();
    } else {
      body.data = nullptr;
      body.size = 0;
      body.more = false;
    }
    output.expires_after(write_timeout);
    auto [write_error, written] = co_await bhttp::async_write(output, serializer, kNoThrow);
    if (write_error == bhttp::error::need_buffer) write_error = {};
    if (write_error) co_return std::pair{write_error, false};
  } while (!parser.is_done() && !serializer.is_done());
  co_return std::pair{boost::system::error_code{}, false};
}

// Open and quiet: nothing to read (a closed peer reads as 0, a stray byte as 1) without blocking.
bool StillOpen(int fd) {
  char byte;
  return recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

UpstreamPool::~UpstreamPool() {
  for (auto& [upstream, idle] : idle_) {
    for (const Idle& connection : idle) close(connection.fd);
  }
}

int UpstreamPool::Take(const tcp::endpoint& upstream) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto found = idle_.find(upstream);
  if (found == idle_.end()) return -1;
  auto& idle = found->second;
  while (!idle.empty()) {
    const Idle connection = idle.back();  // the most recent: the least likely to be closed
    idle.pop_back();
    if (now - connection.since <= max_idle_time_ && StillOpen(connection.fd)) return connection.fd;
    close(connection.fd);
  }
  return -1;
}

void UpstreamPool::Give(const tcp::endpoint& upstream, int fd) {
  std::lock_guard lock(mutex_);
  auto& idle = idle_[upstream];
  if (idle.size() >= max_idle_per_upstream_) {
    close(fd);
    return;
  }
  idle.push_back({fd, std::chrono::steady_clock::now()});
}

net::awaitable<RelayResult> Relay(beast::tcp_stream& client, beast::flat_buffer& client_buffer,
                                  bhttp::request_parser<bhttp::buffer_body>& parser,
                                  const ProxyTarget& target, const ProxyTimeouts& timeouts,
                                  const std::string& peer_address,
                                  std::chrono::milliseconds client_io_timeout,
                                  UpstreamPool& pool) {
  auto& request = parser.get();
  parser.body_limit(boost::none);  // a proxied upload of any size streams through
  const bool client_keep_alive = request.keep_alive();
  const unsigned client_version = request.version();
  const bool head = request.method() == bhttp::verb::head;
  const bool bodiless = !parser.chunked() && parser.content_length().value_or(0) == 0;

  boost::system::error_code address_error;
  const auto address = net::ip::make_address(target.host, address_error);
  if (address_error) {
    co_return RelayResult{500, false, ProxyFailure(500, target, "bad upstream " + target.host)};
  }
  const tcp::endpoint endpoint(address, target.port);

  // The request head as the upstream sees it: the rewritten target, the client's Host kept,
  // who asked and over what, no hop-by-hop headers, HTTP/1.1 with the connection kept.
  request.target(target.target);
  const std::string forwarded_for(request["X-Forwarded-For"]);
  request.set("X-Forwarded-For",
              forwarded_for.empty() ? peer_address : forwarded_for + ", " + peer_address);
  if (request["X-Forwarded-Proto"].empty()) request.set("X-Forwarded-Proto", "http");
  const bool expects_continue = beast::iequals(request[bhttp::field::expect], "100-continue");
  request.erase(bhttp::field::expect);  // answered here, so the body starts flowing at once
  DropHopByHop(request);
  request.version(11);
  request.keep_alive(true);

  if (expects_continue) {
    bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, client_version};
    client.expires_after(client_io_timeout);
    auto [continue_error, n] = co_await bhttp::async_write(client, proceed, kNoThrow);
    if (continue_error) co_return RelayResult{};
  }

  std::array<char, kChunk> buffer{};
  std::optional<beast::tcp_stream> upstream_stream;
  beast::flat_buffer upstream_buffer;
  std::optional<bhttp::response_parser<bhttp::buffer_body>> response_parser_slot;
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    auto& upstream = upstream_stream.emplace(co_await net::this_coro::executor);
    if (const int fd = attempt == 0 ? pool.Take(endpoint) : -1; fd >= 0) {
      boost::system::error_code assign_error;
      upstream.socket().assign(endpoint.protocol(), fd, assign_error);
      reused = !assign_error;
      if (assign_error) close(fd);
    }
    if (!reused) {
      upstream.expires_after(timeouts.connect);
      auto [connect_error] = co_await upstream.async_connect(endpoint, kNoThrow);
      if (connect_error) {
        const int status = StatusFor(connect_error);
        co_return RelayResult{status, false,
                              ProxyFailure(status, target, "upstream " + target.route + " unavailable")};
      }
      // A head and its body go out in separate writes: without this, Nagle's algorithm and the
      // peer's delayed ACK hold the second one back for ~40 ms.
      boost::system::error_code ignored;
      upstream.socket().set_option(tcp::no_delay(true), ignored);
    }
    // An upstream may close an idle connection just as it is taken: a request without a body
    // goes once more over a new one, as long as no answer came back.
    const bool may_retry = reused && bodiless;

    bhttp::request_serializer<bhttp::buffer_body> request_serializer{request};
    upstream.expires_after(timeouts.connect);
    auto [header_error, header_bytes] =
        co_await bhttp::async_write_header(upstream, request_serializer, kNoThrow);
    if (header_error) {
      if (may_retry) continue;
      const int status = StatusFor(header_error);
      co_return RelayResult{status, false, ProxyFailure(status, target, "upstream write failed")};
    }
    auto [request_error, client_side] =
        co_await CopyBody(client, client_buffer, parser, upstream, request_serializer, buffer,
                          timeouts.idle, timeouts.idle);
    if (request_error) {
      if (client_side) co_return RelayResult{};  // the client left mid-body: nothing to answer
      if (may_retry) continue;
      const int status = StatusFor(request_error);
      co_return RelayResult{status, false, ProxyFailure(status, target, "upstream write failed")};
    }

    upstream_buffer.clear();
    auto& response_parser = response_parser_slot.emplace();
    response_parser.body_limit(boost::none);  // a live stream never ends
    if (head) response_parser.skip(true);
    upstream.expires_after(timeouts.response);
    auto [response_error, response_bytes] =
        co_await bhttp::async_read_header(upstream, upstream_buffer, response_parser, kNoThrow);
    if (response_error) {
      if (may_retry && upstream_buffer.size() == 0 && response_error != beast::error::timeout) continue;
      const int status = StatusFor(response_error);
      co_return RelayResult{status, false, ProxyFailure(status, target, "upstream did not answer")};
    }
    break;
  }
  beast::tcp_stream& upstream = *upstream_stream;
  auto& response_parser = *response_parser_slot;

  auto& response = response_parser.get();
  const int status = static_cast<int>(response.result_int());
  const bool upstream_keeps_connection = response.keep_alive();
  const bool no_body = head || status == 204 || status == 304 || (status >= 100 && status < 200);
  bool framed = no_body || response.has_content_length() || response.chunked();
  if (client_version < 11 && response.chunked()) {  // HTTP/1.0 has no chunks: end by closing
    response.chunked(false);
    framed = false;
  }
  const bool keep_alive = client_keep_alive && framed;
  response.version(client_version);
  DropHopByHop(response);
  response.keep_alive(keep_alive);

  bhttp::response_serializer<bhttp::buffer_body> response_serializer{response};
  client.expires_after(client_io_timeout);
  auto [write_error, written] = co_await bhttp::async_write_header(client, response_serializer, kNoThrow);
  if (write_error) co_return RelayResult{status, false};
  boost::system::error_code copy_error;
  if (!no_body) {
    auto [error, upstream_side] =
        co_await CopyBody(upstream, upstream_buffer, response_parser, client, response_serializer,
                          buffer, timeouts.idle, timeouts.idle);
    copy_error = error;
  }
  // The exchange ended on both sides with nothing left over: the connection serves the next one.
  if (!copy_error && upstream_keeps_connection && response_parser.is_done() && upstream_buffer.size() == 0) {
    boost::system::error_code release_error;
    const int fd = upstream.socket().release(release_error);
    if (!release_error) pool.Give(endpoint, fd);
  }
  // A failure now cuts the answer short; closing the client connection is the only signal left.
  co_return RelayResult{status, keep_alive && !copy_error};
}

}  // namespace sc::http::detail
