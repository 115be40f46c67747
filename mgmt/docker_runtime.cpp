#include "mgmt/docker_runtime.hpp"

#include <spdlog/spdlog.h>

#include "common/http/api_error.hpp"

namespace sc::mgmt {

namespace {

using http::ErrorCode;

std::map<std::string, ContainerSpec> ByName(std::vector<ContainerSpec> catalogue) {
  std::map<std::string, ContainerSpec> by_name;
  for (ContainerSpec& spec : catalogue) {
    std::string name = spec.name;
    by_name.emplace(std::move(name), std::move(spec));
  }
  return by_name;
}

// port-decisions.md §4: a failure that is not the API's own is code 1 with the library's text.
http::ApiError Failed(const DockerError& e) {
  return http::Internal(ErrorCode::kGeneric, e.what());
}

}  // namespace

DockerRuntime::DockerRuntime(const DockerClient& client, std::vector<ContainerSpec> catalogue,
                             DockerRuntimeOptions options)
    : client_(client), catalogue_(ByName(std::move(catalogue))), options_(options) {}

bool DockerRuntime::Knows(const std::string& name) const { return catalogue_.contains(name); }

std::optional<Json> DockerRuntime::Inspect(const std::string& name, bool running_only) const {
  if (!Knows(name)) return std::nullopt;
  try {
    const std::vector<Json> found = client_.List(name, !running_only);
    if (found.empty()) return std::nullopt;
    const Json& container = found.front();  // the filter is exact: one at most
    return Json{
        {"ID", container.value("Id", "").substr(0, 12)},
        {"Names", name},
        {"Image", container.value("Image", "")},
        {"Command", container.value("Command", "")},
        {"State", container.value("State", "")},
        {"Status", container.value("Status", "")},
    };
  } catch (const DockerError& e) {
    throw Failed(e);
  }
}

void DockerRuntime::Start(const std::string& name) {
  const auto found = catalogue_.find(name);
  if (found == catalogue_.end()) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "invalid name=" + name + ", not available here");
  }
  const ContainerSpec& spec = found->second;
  try {
    EnsureImage(spec);
    client_.Remove(name);
    const std::string id = client_.Create(name, CreateBody(spec));
    client_.Start(id);
    spdlog::info("docker: started {} ({}) from {}", name, id.substr(0, 12), spec.image);
  } catch (const DockerError& e) {
    throw Failed(e);
  }
}

void DockerRuntime::EnsureImage(const ContainerSpec& spec) const {
  if (client_.HasImage(spec.image)) return;
  if (!options_.pull_missing) {
    throw http::Internal(ErrorCode::kGeneric, "docker image " + spec.image + " of " + spec.name +
                                                  " is not present, and pulling is off");
  }
  spdlog::info("docker: pulling {} for {}", spec.image, spec.name);
  client_.PullImage(spec.image);
}

CommandResult DockerRuntime::RunOnce(const ContainerSpec& spec,
                                     std::chrono::milliseconds timeout) const {
  try {
    EnsureImage(spec);
    client_.Remove(spec.name);
    const std::string id = client_.Create(spec.name, CreateBody(spec));
    CommandResult result;
    try {
      client_.Start(id);
      result.exit_code = client_.Wait(id, timeout);
    } catch (const DockerError& e) {
      if (e.kind() != DockerError::Kind::kTimeout) {
        client_.Remove(id);
        throw;
      }
      result.exit_code = -1;  // the wait timed out: removed (killed) below
    }
    const ContainerLogs logs = client_.Logs(id);
    result.output = logs.out + logs.err;
    client_.Remove(id);
    return result;
  } catch (const DockerError& e) {
    throw Failed(e);
  }
}

void DockerRuntime::Remove(const std::string& name) {
  if (!Knows(name)) return;
  try {
    // A graceful stop first (docker rm -f would SIGKILL at once); stopped by hand, the restart
    // policy leaves it down.
    client_.Stop(name, options_.stop_grace);
  } catch (const DockerError& e) {
    if (e.kind() != DockerError::Kind::kNotFound) throw Failed(e);
    return;
  }
  try {
    client_.Remove(name);
  } catch (const DockerError& e) {
    throw Failed(e);
  }
}

}  // namespace sc::mgmt
