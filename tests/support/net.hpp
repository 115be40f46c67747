#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace sc::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close).
std::uint16_t FreePort();

// A port on 127.0.0.1 where a connection is refused for as long as this lives: the port is
// bound but never listened on, so no other server (a parallel test's, say) can take it the way
// it could take a FreePort() that a "nothing runs there" test relies on.
class RefusedPort {
 public:
  RefusedPort();  // throws if no port can be bound
  ~RefusedPort();
  RefusedPort(const RefusedPort&) = delete;
  RefusedPort& operator=(const RefusedPort&) = delete;
  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// True when something accepts connections on 127.0.0.1:port.
bool PortAcceptsConnections(std::uint16_t port);

// Opens a connection to 127.0.0.1:port, writes `bytes`, and reads until the server closes the
// connection or `timeout` passes. For keep-alive and pipelining checks a client library hides.
std::string RawExchange(std::uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

// A client connection for byte-level checks (100-continue, idle keep-alive).
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);  // throws if it cannot connect
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void Send(const std::string& bytes);
  // Reads until `until` appears in what was read (never, when empty), the peer closes, or
  // `timeout` passes.
  std::string ReadUntil(const std::string& until, std::chrono::milliseconds timeout);
  // True when the peer has closed the connection (reads EOF within `timeout`).
  bool ClosedByPeer(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace sc::test
