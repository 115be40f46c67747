#include "mgmt/process_runtime.hpp"

#include "common/http/api_error.hpp"

namespace sc::mgmt {

ProcessRuntime::ProcessRuntime(Supervisor& supervisor, std::map<std::string, std::string> names)
    : supervisor_(supervisor), names_(std::move(names)) {}

const std::string* ProcessRuntime::ServiceOf(const std::string& name) const {
  const auto found = names_.find(name);
  if (found == names_.end() || !supervisor_.Has(found->second)) return nullptr;
  return &found->second;
}

bool ProcessRuntime::Knows(const std::string& name) const { return ServiceOf(name) != nullptr; }

std::optional<Json> ProcessRuntime::Inspect(const std::string& name, bool running_only) const {
  const std::string* service = ServiceOf(name);
  if (!service) return std::nullopt;
  const std::optional<ServiceStatus> status = supervisor_.Status(*service);
  if (!status || (!status->enabled && status->state == ServiceState::kStopped)) return std::nullopt;
  const bool up = status->pid > 0;
  if (running_only && !up) return std::nullopt;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now() - status->since)
                           .count();
  Json object = {
      {"ID", up ? "pid-" + std::to_string(status->pid) : std::string()},
      {"Names", name},
      {"Image", "native:" + *service},
      {"State", StateName(status->state)},
      {"Status", up ? "Up " + std::to_string(seconds) + " seconds"
                    : "Restarting (" + status->last_exit + ")"},
      {"RestartCount", status->restarts},
  };
  return object;
}

void ProcessRuntime::Start(const std::string& name) {
  const std::string* service = ServiceOf(name);
  if (!service) {
    throw http::BadArgs(http::ErrorCode::kSysInvalid, "invalid name=" + name + ", not available here");
  }
  const std::optional<ServiceStatus> status = supervisor_.Status(*service);
  if (status && status->pid > 0) {
    supervisor_.Restart(*service);  // docker rm -f + run: a fresh process
  } else {
    supervisor_.Enable(*service);
  }
}

void ProcessRuntime::Remove(const std::string& name) {
  const std::string* service = ServiceOf(name);
  if (!service) return;
  if (name == "platform") {
    supervisor_.Restart(*service);
  } else {
    supervisor_.Disable(*service);
  }
}

}  // namespace sc::mgmt
