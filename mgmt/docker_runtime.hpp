#pragma once
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "mgmt/command.hpp"
#include "mgmt/docker_catalogue.hpp"
#include "mgmt/docker_client.hpp"
#include "mgmt/service_runtime.hpp"

namespace sc::mgmt {

struct DockerRuntimeOptions {
  std::chrono::seconds stop_grace{10};  // SIGTERM, then SIGKILL (docker stop -t)
  bool pull_missing = true;             // docker run pulls an absent image; so does Start
};

// The runtime of containers on a Docker Engine: the names of `catalogue` only, each created from
// its ContainerSpec (never from caller arguments). Docker failures become http::ApiError 500
// (code 1) carrying Docker's message.
class DockerRuntime : public ServiceRuntime {
 public:
  DockerRuntime(const DockerClient& client, std::vector<ContainerSpec> catalogue,
                DockerRuntimeOptions options = {});

  bool Knows(const std::string& name) const override;
  // docker ps's fields: ID (12 hex), Names, Image, Command, State, Status.
  std::optional<Json> Inspect(const std::string& name, bool running_only) const override;
  // Removes a container of that name (docker rm -f, as the original's startContainer), makes
  // sure the image is there (pulled when allowed), creates and starts it.
  void Start(const std::string& name) override;
  void Remove(const std::string& name) override;

  // Runs a transient container to its end (certbot): removes a leftover of that name first
  // (spec/mgmt.md §6 note), creates, starts, waits at most `timeout` (then kills it: exit_code
  // -1), collects its output and removes it. Throws http::ApiError when it cannot run.
  CommandResult RunOnce(const ContainerSpec& spec, std::chrono::milliseconds timeout) const;

 private:
  void EnsureImage(const ContainerSpec& spec) const;

  const DockerClient& client_;
  const std::map<std::string, ContainerSpec> catalogue_;
  const DockerRuntimeOptions options_;
};

}  // namespace sc::mgmt
