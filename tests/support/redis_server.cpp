#include "tests/support/redis_server.hpp"

#include <signal.h>

#include <stdexcept>
#include <thread>

#include "common/auth/random.hpp"

namespace sc::test {

RedisServer::RedisServer(Persistence persistence)
    : persistence_(persistence), port_(FreePort()), password_(auth::RandomHex(8)) {
  Start();
}

RedisServer::~RedisServer() { Stop(); }

redis::Options RedisServer::options() const {
  redis::Options options;
  options.port = port_;
  options.password = password_;
  options.connect_timeout = std::chrono::milliseconds(500);
  options.command_timeout = std::chrono::milliseconds(500);
  return options;
}

void RedisServer::Start() {
  const bool append_only = persistence_ == Persistence::kAppendOnly;
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"redis-server", "--port", std::to_string(port_), "--bind",
                               "127.0.0.1", "--save", "", "--appendonly", append_only ? "yes" : "no",
                               "--requirepass", password_, "--dir", dir_.path(), "--daemonize",
                               "no"},
      EnvList{}, dir_.path() + "/redis.log");
  process_->Start();
  redis::Client probe(options());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!probe.Ping()) {
    if (auto status = process_->Wait(std::chrono::milliseconds(0))) {
      throw std::runtime_error("redis-server exited with " + std::to_string(*status) +
                               " (is it installed? run auto/setup): " + process_->ReadLog());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("redis-server did not answer on port " + std::to_string(port_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void RedisServer::Stop() {
  if (process_) {
    process_->Signal(SIGCONT);
    process_->Stop();
    process_.reset();
  }
}

void RedisServer::Restart() {
  Stop();
  Start();
}

void RedisServer::Pause() { process_->Signal(SIGSTOP); }
void RedisServer::Resume() { process_->Signal(SIGCONT); }

}  // namespace sc::test
