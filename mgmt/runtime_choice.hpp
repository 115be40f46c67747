#pragma once
#include <memory>
#include <optional>
#include <string>

#include "common/config/settings.hpp"
#include "mgmt/docker_client.hpp"
#include "mgmt/service_runtime.hpp"

namespace sc::mgmt {

// Where third-party services run: `docker` set means on that engine, else native processes.
struct RuntimeChoice {
  std::optional<DockerClient> docker;
};

// MGMT_RUNTIME (port-decisions.md §1): "auto" (the default) takes Docker when the engine at
// DOCKER_HOST (unix:// only; /var/run/docker.sock when unset, DOCKER_TIMEOUT_MS per call)
// answers a ping, else native processes; "docker" requires the engine and throws
// std::runtime_error when it does not answer; "native" never asks Docker. Anything else, or a
// DOCKER_HOST that is not unix:// under "docker", throws std::invalid_argument.
RuntimeChoice ChooseRuntime(const config::Settings& settings);

// Two runtimes as one: names `first` knows go there, every other name to `rest`. Under Docker,
// the third-party containers run on the engine and our own daemons stay supervised processes.
class SplitRuntime : public ServiceRuntime {
 public:
  SplitRuntime(ServiceRuntime& first, ServiceRuntime& rest) : first_(first), rest_(rest) {}

  bool Knows(const std::string& name) const override {
    return first_.Knows(name) || rest_.Knows(name);
  }
  std::optional<Json> Inspect(const std::string& name, bool running_only) const override {
    return For(name).Inspect(name, running_only);
  }
  void Start(const std::string& name) override { For(name).Start(name); }
  void Remove(const std::string& name) override { For(name).Remove(name); }

 private:
  ServiceRuntime& For(const std::string& name) const { return first_.Knows(name) ? first_ : rest_; }

  ServiceRuntime& first_;
  ServiceRuntime& rest_;
};

}  // namespace sc::mgmt
