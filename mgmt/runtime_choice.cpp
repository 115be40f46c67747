#include "mgmt/runtime_choice.hpp"

#include <spdlog/spdlog.h>

namespace sc::mgmt {

RuntimeChoice ChooseRuntime(const config::Settings& settings) {
  const std::string wanted = settings.Get("MGMT_RUNTIME", "auto");
  if (wanted == "native") return {};
  if (wanted != "auto" && wanted != "docker") {
    throw std::invalid_argument("MGMT_RUNTIME=" + wanted + ": use auto, docker or native");
  }
  std::string socket;
  try {
    socket = DockerSocketPath(settings.Get("DOCKER_HOST"));
  } catch (const std::invalid_argument& e) {
    if (wanted == "docker") throw;
    spdlog::warn("runtime: native processes ({})", e.what());
    return {};
  }
  DockerClient docker(socket, std::chrono::milliseconds(settings.Int("DOCKER_TIMEOUT_MS", 30'000)));
  if (docker.Ping()) {
    spdlog::info("runtime: docker at {} (MGMT_RUNTIME={})", socket, wanted);
    return {std::move(docker)};
  }
  if (wanted == "docker") {
    throw std::runtime_error("MGMT_RUNTIME=docker but no Docker engine answers at " + socket);
  }
  spdlog::info("runtime: native processes (no Docker engine answers at {})", socket);
  return {};
}

}  // namespace sc::mgmt
