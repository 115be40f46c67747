// srs-cloud-mgmt: the entry point (spec/mgmt.md): reverse proxy, host RPC, and the supervisor
// of the other daemons and the media engine. Wiring only.
#include <unistd.h>

#include <csignal>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include "common/auth/api_secret.hpp"
#include "common/auth/token_auth.hpp"
#include "common/daemon/daemon.hpp"
#include "mgmt/bootstrap.hpp"
#include "mgmt/docker_runtime.hpp"
#include "mgmt/process_runtime.hpp"
#include "mgmt/prometheus_gate.hpp"
#include "mgmt/proxy_table.hpp"
#include "mgmt/routes.hpp"
#include "mgmt/runtime_choice.hpp"
#include "mgmt/services.hpp"

namespace {

using namespace sc;
namespace fs = std::filesystem;

fs::path OwnFolder() { return fs::read_symlink("/proc/self/exe").parent_path(); }

// Templates ship beside the binaries once installed (<prefix>/containers), and two levels up
// in a build tree (build/bin -> containers).
fs::path TemplatesFolder(const config::Settings& settings) {
  if (settings.Has("TEMPLATES_DIR")) return settings.Get("TEMPLATES_DIR");
  for (const fs::path& candidate : {OwnFolder().parent_path() / "containers",
                                    OwnFolder().parent_path().parent_path() / "containers"}) {
    if (fs::exists(candidate / "srs.conf")) return candidate;
  }
  throw std::runtime_error("config templates not found; set TEMPLATES_DIR");
}

mgmt::SupervisorOptions SupervisorOptionsFor(const config::Settings& settings) {
  mgmt::SupervisorOptions options;
  options.log_dir = settings.Get("LOG_DIR", (settings.home() / "logs").string());
  options.log_max_bytes = static_cast<std::uint64_t>(settings.Int("LOG_MAX_MB", 10)) * 1024 * 1024;
  options.log_max_files = settings.Int("LOG_MAX_FILES", 5);
  options.stop_grace = std::chrono::milliseconds(settings.Int("STOP_GRACE_MS", 12'000));
  options.backoff_initial = std::chrono::milliseconds(settings.Int("RESTART_BACKOFF_MS", 500));
  return options;
}

int Run(config::Settings& settings) {
  redis::Client redis(settings.Redis());
  auth::ApiSecret api_secret(redis, settings);
  const auth::TokenAuth auth(api_secret, settings);

  mgmt::EnsureRuntimeLayout(settings.home());
  mgmt::Bootstrap(redis, api_secret, settings);
  const fs::path conf_dir =
      mgmt::RenderConfigs(TemplatesFolder(settings), settings.home(), mgmt::ConfigValues(settings));
  // Under Docker, the third-party services are containers and our daemons stay processes.
  const mgmt::RuntimeChoice choice = mgmt::ChooseRuntime(settings);
  std::optional<mgmt::DockerRuntime> docker;
  std::set<std::string> in_docker;
  mgmt::CertbotRunner certbot;
  if (choice.docker) {
    std::vector<mgmt::ContainerSpec> containers = mgmt::DockerCatalogue(settings, conf_dir);
    for (const mgmt::ContainerSpec& spec : containers) in_docker.insert(spec.name);
    docker.emplace(*choice.docker, std::move(containers),
                   mgmt::DockerRuntimeOptions{
                       .stop_grace = std::chrono::seconds(settings.Int("DOCKER_STOP_GRACE_S", 10)),
                       .pull_missing = settings.Bool("DOCKER_PULL", true)});
    certbot = [&docker, &settings](const std::string& name, std::vector<std::string> args,
                                   std::chrono::milliseconds timeout) {
      return docker->RunOnce(mgmt::CertbotSpec(settings, name, std::move(args)), timeout);
    };
  }
  mgmt::Supervisor supervisor(mgmt::BuildServiceSpecs(settings, OwnFolder(), conf_dir, in_docker),
                              SupervisorOptionsFor(settings));
  const mgmt::HostOps ops(settings, [&supervisor] { return supervisor.Signal("front", SIGHUP); },
                          std::move(certbot));
  if (settings.Bool("FRONT_NGINX", false)) mgmt::EnsureSelfSignedCertificate(ops.ssl_dir());
  mgmt::ProcessRuntime processes(supervisor, mgmt::ContainerServiceNames());
  std::optional<mgmt::SplitRuntime> split;
  if (docker) split.emplace(*docker, processes);
  const mgmt::HostExec exec(auth, settings, redis,
                            split ? static_cast<mgmt::ServiceRuntime&>(*split) : processes, ops);

  http::Router router;
  mgmt::RegisterRoutes(router, exec,
                       {.tools = settings.Get("TOOLS_DIR", "ui/dist-tools"),
                        .sources = settings.home() / "sources",
                        .ui = settings.Get("UI_DIR", "ui/dist")});
  http::ServerOptions options = daemon::ServerOptionsFor(settings, config::kMgmtPort);
  // The public entry where no nginx stands in front (port-decisions.md §3).
  options.address = settings.Get("LISTEN_ADDRESS", settings.Bool("FRONT_NGINX", false) ? "127.0.0.1" : "0.0.0.0");
  // /prometheus only with an admin token; refused requests fall to the router's refusal.
  router.Prefix("/prometheus", mgmt::PrometheusRefusal, true);
  options.proxy = [upstreams = mgmt::Upstreams::FromSettings(settings),
                   &auth](const http::Request& head) -> std::optional<http::ProxyTarget> {
    auto target = mgmt::ResolveProxy(upstreams, head);
    if (target && target->route == "/prometheus" && !mgmt::MayReadPrometheus(head, auth)) {
      return std::nullopt;
    }
    return target;
  };
  supervisor.Start();
  return daemon::ServeUntilStopped("mgmt", router, options, [&supervisor] { supervisor.Stop(); });
}

}  // namespace

int main() { return sc::daemon::Main("mgmt", Run); }
