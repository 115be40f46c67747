#include "common/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "common/async/event_loop.hpp"
#include "common/async/serial_executor.hpp"
#include "common/http/api_error.hpp"
#include "common/http/cors.hpp"
#include "common/http/envelope.hpp"
#include "common/http/metrics.hpp"
#include "common/http/relay.hpp"
#include "common/http/router.hpp"
#include "common/http/url.hpp"
#include "common/log/log.hpp"

namespace sc::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

using detail::kNoThrow;

// Who is at the other end of a connection, as requests report it (the address is written once
// per connection rather than once per request).
struct Peer {
  std::string address;
  std::uint16_t port = 0;
};

// Method, target, path, query, headers and peer of a request, without its body.
Request HeadOf(const bhttp::request<bhttp::string_body>& message, const Peer& peer) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  const size_t question = request.target.find('?');
  const std::string raw_path = request.target.substr(0, question);
  request.path = PercentDecode(raw_path, false).value_or(raw_path);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.remote_address = peer.address;
  request.remote_port = peer.port;
  return request;
}

Request ToRequest(bhttp::request<bhttp::string_body>&& message, const Peer& peer) {
  Request request = HeadOf(message, peer);
  request.body = std::move(message.body());
  return request;
}

// A connection's deadline for its current phase (waiting for a request, reading one, writing
// the answer). Moving the deadline is a store: the timer is re-armed only when it fires, at
// most once per shortest timeout, instead of Beast's timer being armed and cancelled around
// every read and write (a timer-queue update per operation, measured in bench/hooks).
// Lives on the connection's (serial) executor, like the socket it closes.
class Watchdog {
 public:
  Watchdog(const net::any_io_executor& strand, beast::tcp_stream& stream,
           std::chrono::milliseconds shortest)
      : state_(std::make_shared<State>(strand, stream, shortest)) {}
  ~Watchdog() {
    state_->over = true;
    state_->timer.cancel();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // The connection is closed unless the current phase ends within `timeout`.
  void Expect(std::chrono::milliseconds timeout) {
    state_->deadline = Clock::now() + timeout;
    if (!state_->waiting) Wait(state_, state_->deadline);
  }
  // No deadline (the relay keeps its own).
  void Off() { state_->deadline = Clock::time_point::max(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct State {
    State(const net::any_io_executor& strand, beast::tcp_stream& stream,
          std::chrono::milliseconds shortest)
        : timer(strand), stream(stream), shortest(shortest) {}
    net::steady_timer timer;
    beast::tcp_stream& stream;  // valid while !over
    const std::chrono::milliseconds shortest;
    Clock::time_point deadline = Clock::time_point::max();
    bool waiting = false;
    bool over = false;
  };

  // Any deadline set after now lies at least `shortest` ahead, so the timer never fires later
  // than a deadline it was not told of.
  static void Wait(const std::shared_ptr<State>& state, Clock::time_point deadline) {
    state->waiting = true;
    state->timer.expires_at(std::min(deadline, Clock::now() + state->shortest));
    state->timer.async_wait([state](boost::system::error_code) {
      state->waiting = false;
      if (state->over) return;
      if (Clock::now() >= state->deadline) {
        boost::system::error_code ignored;
        state->stream.socket().cancel(ignored);
        state->stream.socket().close(ignored);
        return;
      }
      if (state->deadline != Clock::time_point::max()) Wait(state, state->deadline);
    });
  }

  std::shared_ptr<State> state_;
};

// The wire form of a string response, as Beast's serializer wrote it: a header set twice keeps
// its last value, Connection only where the version's default is not meant, Content-Length last.
std::string WireHead(const Response& response, unsigned version, bool keep_alive,
                     std::size_t content_length, bool with_length) {
  std::string wire;
  wire.reserve(256);
  wire += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  wire += std::to_string(response.status);
  wire += ' ';
  wire += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  wire += "\r\n";
  const auto& items = response.headers.items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& [name, value] = items[i];
    bool replaced = false;
    for (std::size_t later = i + 1; later < items.size() && !replaced; ++later) {
      replaced = beast::iequals(items[later].first, name);
    }
    if (replaced) continue;
    wire += name;
    wire += ": ";
    wire += value;
    wire += "\r\n";
  }
  if (version == 10 && keep_alive) wire += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) wire += "Connection: close\r\n";
  if (with_length) {
    wire += "Content-Length: ";
    wire += std::to_string(content_length);
    wire += "\r\n";
  }
  wire += "\r\n";
  return wire;
}

}  // namespace

struct Server::Impl {
  // What Stop() needs to know of a live connection. Touched only on the connection's strand,
  // except the set that holds it (guarded by sessions_mutex).
  struct Session {
    net::any_io_executor strand;
    beast::tcp_stream* stream = nullptr;  // null once the connection is over
    bool busy = false;  // between reading a request's header and writing its response
  };

  Impl(const Router& router, ServerOptions options)
      : router(router),
        options(std::move(options)),
        thread_count(std::max<std::size_t>(1, this->options.loop ? this->options.loop->threads()
                                                                   : this->options.worker_threads)),
        own_loop(this->options.loop ? nullptr : std::make_unique<async::EventLoop>(thread_count)),
        ioc(this->options.loop ? this->options.loop->context() : own_loop->context()) {}

  const Router& router;
  const ServerOptions options;
  const std::shared_ptr<spdlog::logger> access_logger = log::AccessLogger();
  detail::UpstreamPool upstream_pool{};  // the proxy's idle upstream connections
  const std::size_t thread_count;
  const std::unique_ptr<async::EventLoop> own_loop;  // unless options.loop
  net::io_context& ioc;
  net::strand<net::io_context::executor_type> accept_strand{net::make_strand(ioc)};
  tcp::acceptor acceptor{accept_strand};
  std::vector<std::thread> threads{};
  std::uint16_t bound_port = 0;
  bool started = false;
  bool stopped = false;
  std::atomic<bool> stopping{false};

  std::mutex sessions_mutex;
  std::set<std::shared_ptr<Session>> sessions{};  // guarded by sessions_mutex
  std::promise<void> drained{};
  bool drained_set = false;  // guarded by sessions_mutex

  void MarkDrainedIfIdleLocked() {
    if (stopping && sessions.empty() && !drained_set) {
      drained_set = true;
      drained.set_value();
    }
  }

  net::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(async::SerialExecutor(ioc, thread_count), kNoThrow);
      if (stopping || ec == net::error::operation_aborted) co_return;
      if (ec) {
        // Out of descriptors and the like: back off instead of spinning.
        spdlog::warn("accept: {}", ec.message());
        net::steady_timer timer(accept_strand, std::chrono::milliseconds(100));
        co_await timer.async_wait(kNoThrow);
        continue;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);  // a relayed head and body are two writes
      auto executor = socket.get_executor();
      net::co_spawn(executor, Serve(std::move(socket)), [](std::exception_ptr error) {
        if (!error) return;
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          spdlog::error("http session: {}", e.what());
        }
      });
    }
  }

  net::awaitable<void> Serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    auto session = std::make_shared<Session>(Session{.strand = stream.get_executor(), .stream = &stream});
    {
      std::lock_guard lock(sessions_mutex);
      sessions.insert(session);
    }
    boost::system::error_code peer_error;
    const tcp::endpoint endpoint = stream.socket().remote_endpoint(peer_error);
    const Peer peer{.address = endpoint.address().to_string(), .port = endpoint.port()};
    beast::flat_buffer buffer;
    Watchdog watchdog(stream.get_executor(), stream, std::min(options.idle_timeout, options.io_timeout));
    bool linger = false;
    while (!stopping) {
      session->busy = false;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      // The real limit depends on the content type, known only after the header: until then
      // Beast must not refuse a large Content-Length itself (it would be a plain 400).
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      watchdog.Expect(options.idle_timeout);
      auto [read_error, header_bytes] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                                          kNoThrow);
      if (read_error) {
        // A malformed request gets a 400; a client that closed between requests gets nothing.
        const bool malformed =
            read_error.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
            read_error != bhttp::error::end_of_stream && read_error != bhttp::error::partial_message;
        if (malformed) {
          watchdog.Expect(options.io_timeout);
          co_await WriteSimple(stream, Response::Text(400, "Bad Request"), peer);
          linger = true;
        }
        break;
      }
      session->busy = true;
      watchdog.Expect(options.io_timeout);
      const auto started = std::chrono::steady_clock::now();
      if (options.proxy) {
        Request head = HeadOf(parser.get(), peer);
        if (std::optional<ProxyTarget> target = options.proxy(head)) {
          head.route = target->route;
          bhttp::request_parser<bhttp::buffer_body> relay_parser{std::move(parser)};
          watchdog.Off();  // the relay times each of its steps itself
          detail::RelayResult result = co_await detail::Relay(
              stream, buffer, relay_parser, *target, options.proxy_timeouts,
              head.remote_address, options.io_timeout, upstream_pool);
          stream.expires_never();
          watchdog.Expect(options.io_timeout);
          if (result.failure) {
            AddCorsHeaders(head, *result.failure);
            co_await Write(stream, head, *result.failure, relay_parser.get().version(), false);
            linger = true;
          }
          if (result.status) Record(head, result.status, started);
          if (result.failure || !result.keep_alive) break;
          continue;
        }
      }
      auto& header = parser.get();
      const std::optional<std::string> content_type =
          header.count(bhttp::field::content_type)
              ? std::optional<std::string>(std::string(header[bhttp::field::content_type]))
              : std::nullopt;
      const std::size_t limit = BodyLimitFor(ClassifyContentType(content_type), options.body_limits);
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await WriteRejection(stream, parser, limit, peer, started);
        linger = true;
        break;
      }
      parser.body_limit(limit);
      if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, header.version()};
        co_await bhttp::async_write(stream, proceed, kNoThrow);
      }
      // The body usually came with the header: parsed from the buffer, without another read.
      boost::system::error_code body_error;
      while (!parser.is_done() && buffer.size() > 0 && !body_error) {
        const std::size_t used = parser.put(buffer.data(), body_error);
        buffer.consume(used);
        if (body_error == bhttp::error::need_more) body_error = {};
        if (used == 0) break;
      }
      if (!parser.is_done() && !body_error) {
        std::tie(body_error, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      }
      if (body_error == bhttp::error::body_limit) {
        co_await WriteRejection(stream, parser, limit, peer, started);
        linger = true;
        break;
      }
      if (body_error) break;

      const bool client_keep_alive = parser.get().keep_alive();
      const unsigned version = parser.get().version();
      Request request = ToRequest(parser.release(), peer);
      // Synchronous handlers run here, on one of the server's threads: one that blocks (Redis,
      // curl) holds only this connection and this thread; the others keep serving. A deferred
      // handler returns at once and answers later from any thread (Completion); the connection
      // waits for that answer without holding a thread.
      watchdog.Off();
      std::variant<Response, Router::Deferred> begun = router.Begin(request);
      Response response;
      if (Response* ready = std::get_if<Response>(&begun)) {
        response = std::move(*ready);
      } else {
        response = co_await Answer(std::get<Router::Deferred>(begun));  // not in a ?: (GCC 12)
      }
      watchdog.Expect(options.io_timeout);
      const bool keep_alive = client_keep_alive && !stopping;
      // Recorded before the write, so that a client that got the answer sees it counted.
      Record(request, response.status, started);
      const bool written = co_await Write(stream, request, response, version, keep_alive);
      if (!written || !keep_alive) break;
    }
    if (linger) co_await LingeringClose(stream);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.socket().close(ignored);
    session->stream = nullptr;
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
    MarkDrainedIfIdleLocked();
  }

  // Waits, without holding the thread, for a deferred route's answer; resumes on the connection's
  // executor whichever thread answered.
  static net::awaitable<Response> Answer(const Router::Deferred& call) {
    co_return co_await net::async_initiate<decltype(net::use_awaitable), void(Response)>(
        [&call](auto handler) {
          auto waiting = std::make_shared<decltype(handler)>(std::move(handler));
          call.Run([waiting](Response response) {
            const auto executor = net::get_associated_executor(*waiting);
            net::post(executor, [waiting, response = std::move(response)]() mutable {
              (*waiting)(std::move(response));
            });
          });
        },
        net::use_awaitable);
  }

  // Answers 413 for a body over the limit (the JSON envelope, issue: common.md §2 limits).
  net::awaitable<void> WriteRejection(beast::tcp_stream& stream,
                                      bhttp::request_parser<bhttp::string_body>& parser,
                                      std::size_t limit, const Peer& peer,
                                      std::chrono::steady_clock::time_point started) {
    Request request;
    request.method = std::string(parser.get().method_string());
    request.target = std::string(parser.get().target());
    request.path = request.target.substr(0, request.target.find('?'));
    request.route = "(rejected)";
    request.remote_address = peer.address;
    if (auto origin = parser.get().find(bhttp::field::origin); origin != parser.get().end()) {
      request.headers.Add("Origin", std::string(origin->value()));
    }
    Response response = Failure(PayloadTooLarge(
        "request entity too large, limit is " + std::to_string(limit) + " bytes"));
    AddCorsHeaders(request, response);
    Record(request, response.status, started);
    co_await Write(stream, request, response, parser.get().version(), false);
  }

  net::awaitable<void> WriteSimple(beast::tcp_stream& stream, Response response,
                                   const Peer& peer) {
    Request request;
    request.method = "-";
    request.route = "(malformed)";
    request.remote_address = peer.address;
    Record(request, response.status, std::chrono::steady_clock::now());
    co_await Write(stream, request, response, 11, false);
  }

  // Returns false when the connection failed while writing.
  net::awaitable<bool> Write(beast::tcp_stream& stream, const Request& request, Response& response,
                             unsigned version, bool keep_alive) {
    const bool head = request.method == "HEAD";
    if (response.file) {
      bhttp::file_body::value_type file;
      boost::system::error_code open_error;
      file.open(response.file->c_str(), beast::file_mode::scan, open_error);
      if (!open_error) {
        bhttp::response<bhttp::file_body> message{static_cast<bhttp::status>(response.status),
                                                  version};
        const std::uint64_t size = file.size();
        for (const auto& [name, value] : response.headers.items()) message.set(name, value);
        message.keep_alive(keep_alive);
        if (head) {
          bhttp::response<bhttp::empty_body> headers_only{message.base()};
          headers_only.content_length(size);
          auto [ec, n] = co_await bhttp::async_write(stream, headers_only, kNoThrow);
          co_return !ec;
        }
        message.body() = std::move(file);
        message.prepare_payload();
        auto [ec, n] = co_await bhttp::async_write(stream, message, kNoThrow);
        co_return !ec;
      }
      response = Response::Text(404, "Not Found");
    }
    const std::size_t size = response.body.size();
    const bool bodiless = response.status == 204 || response.status == 304 ||
                          (response.status >= 100 && response.status < 200);
    // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 has no body to measure either.
    std::string wire = WireHead(response, version, keep_alive, size, !bodiless);
    if (!head && !bodiless) wire += response.body;
    co_return co_await WriteAll(stream, std::move(wire));
  }

  // A small answer fits the socket's send buffer: written at once, without a trip through the
  // reactor; the rest, if any, asynchronously.
  static net::awaitable<bool> WriteAll(beast::tcp_stream& stream, std::string wire) {
    tcp::socket& socket = stream.socket();
    boost::system::error_code error;
    if (!socket.non_blocking()) socket.non_blocking(true, error);
    std::size_t written = error ? 0 : socket.write_some(net::buffer(wire), error);
    if (error == net::error::would_block || error == net::error::try_again) {
      error = {};
      written = 0;
    }
    if (error) co_return false;
    if (written == wire.size()) co_return true;
    auto [ec, n] = co_await net::async_write(stream, net::buffer(wire.data() + written, wire.size() - written),
                                             kNoThrow);
    co_return !ec;
  }

  // After refusing a request whose body was not read, read and drop what the client still
  // sends for a moment, so that closing does not reset the connection before it reads the 413.
  net::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 16 * 1024> sink{};
    std::size_t dropped = 0;
    stream.expires_after(std::chrono::milliseconds(500));
    while (dropped < 8 * 1024 * 1024) {
      auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), kNoThrow);
      if (ec) break;
      dropped += n;
    }
  }

  void Record(const Request& request, int status, std::chrono::steady_clock::time_point started) {
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if (options.metrics) options.metrics->Record(request.route, status, elapsed);
    if (options.access_log) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
      access_logger->info("{} {} {}{}{} {} {:.3f}ms", request.remote_address, request.method, request.path,
                          request.query.empty() ? "" : "?", RedactQuery(request.query), status,
                          static_cast<double>(micros) / 1000.0);
    }
  }
};

Server::Server(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() { Stop(); }

std::uint16_t Server::Start() {
  Impl& impl = *impl_;
  if (impl.started) throw std::logic_error("server already started");
  try {
    const tcp::endpoint endpoint(net::ip::make_address(impl.options.address), impl.options.port);
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(net::socket_base::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen(net::socket_base::max_listen_connections);
    impl.bound_port = impl.acceptor.local_endpoint().port();
  } catch (const std::exception& e) {
    throw std::runtime_error("listen on " + impl.options.address + ":" +
                             std::to_string(impl.options.port) + ": " + e.what());
  }
  impl.started = true;
  net::co_spawn(impl.accept_strand, impl.Accept(), net::detached);
  for (std::size_t i = 0; i < impl.thread_count; ++i) {
    impl.threads.emplace_back([&impl] { impl.ioc.run(); });
  }
  return impl.bound_port;
}

void Server::Stop() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  std::future<void> drained = impl.drained.get_future();
  impl.stopping = true;
  net::post(impl.accept_strand, [&impl] {
    boost::system::error_code ignored;
    impl.acceptor.close(ignored);
  });
  // Idle keep-alive connections close now; busy ones finish their response (Connection: close).
  const auto close_sessions = [&impl](bool busy_too) {
    std::lock_guard lock(impl.sessions_mutex);
    for (const auto& session : impl.sessions) {
      net::post(session->strand, [session, busy_too] {
        boost::system::error_code ignored;
        if (session->stream && (busy_too || !session->busy)) session->stream->socket().close(ignored);
      });
    }
    impl.MarkDrainedIfIdleLocked();
  };
  close_sessions(false);
  if (drained.wait_for(impl.options.drain_timeout) != std::future_status::ready) {
    spdlog::warn("http server: drain timed out, closing the remaining connections");
    close_sessions(true);
  }
  // Running handlers finish first: stop() lets each thread return after its current handler.
  impl.ioc.stop();
  for (std::thread& thread : impl.threads) thread.join();
}

std::uint16_t Server::port() const { return impl_->bound_port; }

}  // namespace sc::http
