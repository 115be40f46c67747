#pragma once
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/json.hpp"

namespace sc::test {

// A stand-in for mgmt's host RPC (POST /terraform/v1/host/exec) on a loopback port, used until
// the real mgmt daemon exists: it records every call and answers what the test configured
// ({"code":0} by default). Real HTTP, so the typed client is exercised for real.
class RecordingMgmt {
 public:
  struct Call {
    std::string action{};
    Json args{};
    std::string token{};
  };

  RecordingMgmt();
  ~RecordingMgmt();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The answer to `action`: HTTP status and body text.
  void Answer(const std::string& action, int status, const std::string& body);
  std::vector<Call> Calls() const;
  std::vector<Call> CallsOf(const std::string& action) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::vector<Call> calls_{};                               // guarded by mutex_
  std::map<std::string, std::pair<int, std::string>> answers_{};  // guarded by mutex_
  http::Router router_{};
  std::unique_ptr<http::Server> server_{};
  std::uint16_t port_ = 0;
};

}  // namespace sc::test
