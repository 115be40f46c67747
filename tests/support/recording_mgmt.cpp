#include "tests/support/recording_mgmt.hpp"

namespace sc::test {

RecordingMgmt::RecordingMgmt() {
  router_.AnyRaw("/terraform/v1/host/exec", [this](const http::Request& request) {
    Call call{.action = request.json.value("action", std::string()),
              .args = request.json.value("args", Json()),
              .token = request.json.value("token", std::string())};
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
    const auto it = answers_.find(call.action);
    if (it == answers_.end()) return http::Response::JsonBody(200, R"({"code":0})");
    return http::Response::JsonBody(it->second.first, it->second.second);
  });
  server_ = std::make_unique<http::Server>(router_, http::ServerOptions{.worker_threads = 2,
                                                                         .access_log = false});
  port_ = server_->Start();
}

RecordingMgmt::~RecordingMgmt() { server_->Stop(); }

void RecordingMgmt::Answer(const std::string& action, int status, const std::string& body) {
  std::lock_guard lock(mutex_);
  answers_[action] = {status, body};
}

std::vector<RecordingMgmt::Call> RecordingMgmt::Calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<RecordingMgmt::Call> RecordingMgmt::CallsOf(const std::string& action) const {
  std::vector<Call> matching;
  for (const Call& call : Calls()) {
    if (call.action == action) matching.push_back(call);
  }
  return matching;
}

void RecordingMgmt::Clear() {
  std::lock_guard lock(mutex_);
  calls_.clear();
}

}  // namespace sc::test
