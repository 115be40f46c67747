// The HTTP server's reverse-proxy mode (mgmt's proxy): real servers on loopback, real sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"

namespace sc::http {
namespace {

using namespace std::chrono_literals;

// AddressSanitizer keeps freed memory in quarantine (up to 256 MB) and maps shadow memory, so
// resident size says nothing about the proxy there; the plain build checks it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kResidentSizeMeaningful = false;
#else
constexpr bool kResidentSizeMeaningful = true;
#endif

long ResidentKiB() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

int Listen(std::uint16_t& port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  listen(fd, 8);
  socklen_t size = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  port = ntohs(address.sin_port);
  return fd;
}

int Connect(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads the request head from `fd` (up to the blank line); returns it.
std::string ReadHead(int fd) {
  std::string head;
  char c;
  while (head.find("\r\n\r\n") == std::string::npos && recv(fd, &c, 1, 0) == 1) head += c;
  return head;
}

// A proxy in front of whatever `resolve` names, as mgmt runs it.
class ProxyTest : public ::testing::Test {
 protected:
  void StartProxy(std::uint16_t upstream_port, bool api, ProxyTimeouts timeouts = {}) {
    router_.Any("/own", [](const Request&) { return Json{{"own", true}}; });
    ServerOptions options;
    options.access_log = false;
    options.proxy_timeouts = timeouts;
    options.proxy = [upstream_port, api](const Request& head) -> std::optional<ProxyTarget> {
      if (head.path == "/own") return std::nullopt;
      return ProxyTarget{.port = upstream_port, .target = head.target, .api = api, .route = "/up"};
    };
    proxy_ = std::make_unique<Server>(router_, options);
    port_ = proxy_->Start();
  }

  Router router_;
  std::unique_ptr<Server> proxy_;
  std::uint16_t port_ = 0;
};

TEST_F(ProxyTest, RelaysMethodTargetBodyAndHostAndAddsForwardedHeaders) {
  Router upstream_router;
  upstream_router.AnyRaw("/echo", [](const Request& r) {
    return Response::JsonBody(
        201, Json{{"method", r.method}, {"target", r.target}, {"body", r.body},
                  {"host", r.headers.Get("Host").value_or("")},
                  {"xff", r.headers.Get("X-Forwarded-For").value_or("")},
                  {"proto", r.headers.Get("X-Forwarded-Proto").value_or("")}}
                 .dump());
  });
  ServerOptions upstream_options;
  upstream_options.access_log = false;
  Server upstream(upstream_router, upstream_options);
  StartProxy(upstream.Start(), true);

  const auto answer = test::Fetch(port_, "PUT", "/echo?a=1&b=%20", "payload",
                                  {{"Host", "example.com"}, {"X-Forwarded-For", "203.0.113.9"}});
  ASSERT_EQ(answer.status, 201) << answer.body;
  const Json echoed = Json::parse(answer.body);
  EXPECT_EQ(echoed["method"], "PUT");
  EXPECT_EQ(echoed["target"], "/echo?a=1&b=%20");
  EXPECT_EQ(echoed["body"], "payload");
  EXPECT_EQ(echoed["host"], "example.com");
  EXPECT_EQ(echoed["xff"], "203.0.113.9, 127.0.0.1");
  EXPECT_EQ(echoed["proto"], "http");
  // Requests the proxy does not claim reach the Router.
  EXPECT_EQ(test::Fetch(port_, "GET", "/own").body, R"({"code":0,"data":{"own":true}})");
}

TEST_F(ProxyTest, KeepsTheClientConnectionAliveAcrossRelayedExchanges) {
  Router upstream_router;
  upstream_router.Any("/n", [](const Request& r) { return Json{{"q", r.query}}; });
  ServerOptions upstream_options;
  upstream_options.access_log = false;
  Server upstream(upstream_router, upstream_options);
  StartProxy(upstream.Start(), true);

  test::RawConnection connection(port_);
  connection.Send("GET /n?1 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(connection.ReadUntil(R"("q":"1")", 2s).find(R"("q":"1")"), std::string::npos);
  connection.Send("GET /n?2 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(connection.ReadUntil(R"("q":"2")", 2s).find(R"("q":"2")"), std::string::npos);
}

// An upstream that answers every request on a connection with 200 "ok", counting the
// connections it accepted (each served by its own thread); `close_after_answer` closes each
// one after its first answer (as an upstream whose idle timeout ran out does), `say_close`
// adds "Connection: close" to it.
class CountingUpstream {
 public:
  CountingUpstream(bool close_after_answer, bool say_close) : listener_(Listen(port_)) {
    acceptor_ = std::thread([this, close_after_answer, say_close] {
      for (;;) {
        const int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        ++accepted_;
        std::lock_guard lock(mutex_);
        connections_.push_back(fd);
        servers_.emplace_back([fd, close_after_answer, say_close] {
          for (;;) {
            const std::string head = ReadHead(fd);
            if (head.empty()) break;
            const auto length = head.find("Content-Length: ");
            if (length != std::string::npos) {
              std::string body(std::stoul(head.substr(length + 16)), '\0');
              recv(fd, body.data(), body.size(), MSG_WAITALL);
            }
            SendAll(fd, std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n") +
                            (say_close ? "Connection: close\r\n" : "") + "\r\nok");
            if (close_after_answer || say_close) break;
          }
          shutdown(fd, SHUT_WR);
        });
      }
    });
  }
  ~CountingUpstream() {
    shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (const int fd : connections_) shutdown(fd, SHUT_RDWR);  // ends the servers' reads
    for (std::thread& server : servers_) server.join();
    for (const int fd : connections_) close(fd);
    close(listener_);
  }
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  std::uint16_t port_ = 0;
  const int listener_;
  std::atomic<int> accepted_{0};
  std::mutex mutex_;
  std::vector<int> connections_{};         // guarded by mutex_
  std::vector<std::thread> servers_{};     // guarded by mutex_
  std::thread acceptor_;
};

TEST_F(ProxyTest, ReusesItsUpstreamConnectionAcrossClientConnections) {
  CountingUpstream upstream(false, false);
  StartProxy(upstream.port(), true);
  for (int i = 0; i < 10; ++i) {
    const auto answer = test::Fetch(port_, i % 2 ? "POST" : "GET", "/x", i % 2 ? "body" : "");
    ASSERT_EQ(answer.status, 200) << i;
    EXPECT_EQ(answer.body, "ok");
  }
  // One, or rarely one more: the client may have its answer, and ask again, a moment before
  // the proxy has put the connection back.
  EXPECT_LE(upstream.accepted(), 3);
}

TEST_F(ProxyTest, AnUpstreamThatClosedItsIdleConnectionIsNotAFailure) {
  CountingUpstream upstream(true, false);
  StartProxy(upstream.port(), true);
  for (int i = 0; i < 4; ++i) {
    const auto answer = test::Fetch(port_, i % 2 ? "POST" : "GET", "/x", i % 2 ? "body" : "");
    ASSERT_EQ(answer.status, 200) << i << " " << answer.body;
    EXPECT_EQ(answer.body, "ok");
    std::this_thread::sleep_for(50ms);  // the upstream's close arrives before the next request
  }
  EXPECT_EQ(upstream.accepted(), 4);
  // Without the pause the close may still be on its way when the connection is taken: a
  // request without a body is then sent again over a new connection.
  for (int i = 0; i < 20; ++i) {
    const auto answer = test::Fetch(port_, "GET", "/x");
    ASSERT_EQ(answer.status, 200) << i << " " << answer.body;
  }
}

TEST_F(ProxyTest, AConnectionTheUpstreamSaysItClosesIsNotKept) {
  CountingUpstream upstream(false, true);
  StartProxy(upstream.port(), true);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(test::Fetch(port_, "GET", "/x").body, "ok");
  EXPECT_EQ(upstream.accepted(), 3);
}

TEST_F(ProxyTest, UpstreamDownIs503InTheEnvelopeForAnApi) {
  const test::RefusedPort down;
  StartProxy(down.port(), true);
  const auto answer = test::Fetch(port_, "GET", "/terraform/v1/x");
  EXPECT_EQ(answer.status, 503);
  const Json body = Json::parse(answer.body);
  EXPECT_EQ(body["code"], 1);
  EXPECT_NE(body["data"]["message"].get<std::string>().find("unavailable"), std::string::npos);
}

TEST_F(ProxyTest, UpstreamDownIs503WithAnEmptyBodyForPages) {
  const test::RefusedPort down;
  StartProxy(down.port(), false);
  const auto answer = test::Fetch(port_, "GET", "/live/a.flv");
  EXPECT_EQ(answer.status, 503);
  EXPECT_EQ(answer.body, "");
}

TEST_F(ProxyTest, UpstreamThatNeverAnswersIs504) {
  std::uint16_t upstream_port = 0;
  const int listener = Listen(upstream_port);  // accepts (the kernel's backlog), never answers
  StartProxy(upstream_port, true, {.connect = 1s, .response = 300ms, .idle = 1s});
  const auto answer = test::Fetch(port_, "GET", "/slow");
  EXPECT_EQ(answer.status, 504);
  EXPECT_EQ(Json::parse(answer.body)["code"], 1);
  close(listener);
}

// A live stream: the upstream sends a chunked answer that does not end until it has sent
// `total` bytes; the proxy must pass it through without holding it.
TEST_F(ProxyTest, StreamsALongChunkedAnswerWithConstantMemory) {
  constexpr std::size_t kTotal = 256u * 1024 * 1024;
  std::uint16_t upstream_port = 0;
  const int listener = Listen(upstream_port);
  std::thread upstream([listener] {
    const int fd = accept(listener, nullptr, nullptr);
    ReadHead(fd);
    SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk(64 * 1024, 'v');
    char size_line[32];
    snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    for (std::size_t sent = 0; sent < kTotal; sent += chunk.size()) {
      SendAll(fd, size_line);
      SendAll(fd, chunk);
      SendAll(fd, "\r\n");
    }
    SendAll(fd, "0\r\n\r\n");
    close(fd);
  });
  StartProxy(upstream_port, false);
  const long before = ResidentKiB();
  const int client = Connect(port_);
  SendAll(client, "GET /live/stream.flv HTTP/1.1\r\nHost: x\r\n\r\n");
  std::vector<char> buffer(256 * 1024);
  std::size_t received = 0;
  long peak = before;
  for (;;) {
    const ssize_t n = recv(client, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    received += static_cast<std::size_t>(n);
    if (received % (16 * 1024 * 1024) < static_cast<std::size_t>(n)) peak = std::max(peak, ResidentKiB());
    if (received > kTotal) {
      std::string tail(buffer.data(), static_cast<std::size_t>(n));
      if (tail.find("0\r\n\r\n") != std::string::npos) break;
    }
  }
  close(client);
  upstream.join();
  close(listener);
  EXPECT_GT(received, kTotal);
  if (kResidentSizeMeaningful) {
    EXPECT_LT(peak - before, 16 * 1024) << "RSS grew by " << (peak - before) << " KiB for "
                                        << received / 1024 / 1024 << " MiB relayed";
  }
}

TEST_F(ProxyTest, StreamsALargeUploadWithConstantMemory) {
  constexpr std::size_t kTotal = 256u * 1024 * 1024;
  std::uint16_t upstream_port = 0;
  const int listener = Listen(upstream_port);
  std::atomic<std::size_t> counted{0};
  std::thread upstream([listener, &counted] {
    const int fd = accept(listener, nullptr, nullptr);
    ReadHead(fd);
    std::vector<char> buffer(256 * 1024);
    while (counted < kTotal) {
      const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
      if (n <= 0) break;
      counted += static_cast<std::size_t>(n);
    }
    const std::string body = std::to_string(counted.load());
    SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    close(fd);
  });
  StartProxy(upstream_port, true);
  const long before = ResidentKiB();
  long peak = before;
  const int client = Connect(port_);
  SendAll(client, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                  "Content-Length: " + std::to_string(kTotal) + "\r\n\r\n");
  const std::string chunk(256 * 1024, 'u');
  for (std::size_t sent = 0; sent < kTotal; sent += chunk.size()) {
    SendAll(client, chunk);
    if (sent % (16 * 1024 * 1024) == 0) peak = std::max(peak, ResidentKiB());
  }
  std::string answer;
  char buffer[4096];
  for (ssize_t n; answer.find(std::to_string(kTotal)) == std::string::npos &&
                  (n = recv(client, buffer, sizeof buffer, 0)) > 0;) {
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  close(client);
  upstream.join();
  close(listener);
  EXPECT_EQ(counted.load(), kTotal);
  EXPECT_NE(answer.find("200 OK"), std::string::npos) << answer;
  if (kResidentSizeMeaningful) {
    EXPECT_LT(peak - before, 16 * 1024) << "RSS grew by " << (peak - before) << " KiB";
  }
}

}  // namespace
}  // namespace sc::http
