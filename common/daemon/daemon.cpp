#include "common/daemon/daemon.hpp"

#include <csignal>

#include "common/http/metrics.hpp"
#include "common/log/log.hpp"
#include "sc/version.hpp"

namespace sc::daemon {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

int Main(std::string_view name, const std::function<int(config::Settings&)>& run) {
  const sigset_t stop = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before any thread exists, so all inherit it
  std::signal(SIGPIPE, SIG_IGN);
  try {
    config::Settings settings = config::Settings::FromProcess();
    log::Init(name, settings.Get("LOG_LEVEL"));
    return run(settings);
  } catch (const std::exception& e) {
    if (!spdlog::get(std::string(name))) log::Init(name, "");
    spdlog::critical("{} failed to start: {}", name, e.what());
    return 1;
  }
}

int WaitForStopSignal() {
  const sigset_t stop = StopSignals();
  int signal = 0;
  while (sigwait(&stop, &signal) != 0) {
  }
  return signal;
}

int ServeUntilStopped(std::string_view name, http::Router& router, http::ServerOptions options,
                      const std::function<void()>& before_drain) {
  http::Metrics metrics{std::string(name)};
  http::AddMetricsRoute(router, [&metrics] { return metrics.Render(); });
  options.metrics = &metrics;
  http::Server server(router, options);
  const auto port = server.Start();
  spdlog::info("{} {} listening on {}:{}", name, kVersion, options.address, port);
  const int signal = WaitForStopSignal();
  spdlog::info("signal {}, stopping", signal);
  if (before_drain) before_drain();
  server.Stop();
  return 0;
}

http::ServerOptions ServerOptionsFor(const config::Settings& settings,
                                     const config::PortSetting& port) {
  http::ServerOptions options;
  options.address = settings.ListenAddress();
  options.port = settings.Port(port);
  options.worker_threads = static_cast<std::size_t>(std::max(1, settings.Int("HTTP_WORKERS", 4)));
  options.access_log = settings.Bool("ACCESS_LOG", true);
  return options;
}

}  // namespace sc::daemon
