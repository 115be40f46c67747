#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "common/redis/client.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/net.hpp"

namespace sc::test {

// A real redis-server for one test suite: loopback, a free port, a random password, no
// persistence unless asked. Fails loudly when redis-server is not installed (auto/setup installs
// it).
class RedisServer {
 public:
  enum class Persistence {
    kNone,
    kAppendOnly,  // as auto/redis_start runs it: --appendonly yes, the data survives Restart()
  };
  explicit RedisServer(Persistence persistence = Persistence::kNone);
  ~RedisServer();

  std::uint16_t port() const { return port_; }
  const std::string& password() const { return password_; }
  redis::Options options() const;  // short timeouts, so failure tests stay fast

  void Start();    // on the same port; waits until PING answers
  void Stop();     // SIGTERM and wait
  void Restart();  // Stop() then Start(): connections are cut, the data is gone unless persisted
  void Pause();    // SIGSTOP: the server accepts nothing and answers nothing
  void Resume();   // SIGCONT

 private:
  const Persistence persistence_;
  TempDir dir_{};
  std::uint16_t port_ = 0;
  std::string password_{};
  std::unique_ptr<ChildProcess> process_{};
};

}  // namespace sc::test
