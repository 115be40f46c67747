#include "mgmt/services.hpp"

#include <regex>

#include <spdlog/spdlog.h>

#include "common/process/spawn.hpp"
#include "mgmt/runtime_paths.hpp"

namespace sc::mgmt {

namespace fs = std::filesystem;

namespace {

std::string PortText(const config::Settings& settings, const config::PortSetting& port) {
  return std::to_string(settings.Port(port));
}

struct Daemon {
  const char* name;
  config::PortSetting port;
  const char* versions;
};

constexpr Daemon kDaemons[] = {
    {"hooks", config::kHooksPort, "/terraform/v1/hooks/versions"},
    {"tencent", config::kTencentPort, "/terraform/v1/tencent/versions"},
    {"ffmpeg", config::kFfmpegPort, "/terraform/v1/ffmpeg/versions"},
    {"releases", config::kReleasesPort, "/terraform/v1/releases/versions"},
    {"platform", config::kPlatformPort, "/terraform/v1/mgmt/versions"},
};

// nginx-rtmp's hls_fragment (NGINX_HLS_FRAGMENT, 10s): a number with an optional ms/s unit, so
// that nothing else reaches the rendered config.
std::string HlsFragment(const config::Settings& settings) {
  static const std::regex kDuration("[0-9]{1,4}(ms|s)?");
  const std::string value = settings.Get("NGINX_HLS_FRAGMENT", "10s");
  if (!std::regex_match(value, kDuration)) {
    throw std::invalid_argument("NGINX_HLS_FRAGMENT must look like 10s or 500ms, not " + value.substr(0, 32));
  }
  return value;
}

}  // namespace

TemplateValues ConfigValues(const config::Settings& settings) {
  const fs::path home = settings.home();
  const std::string hls = HlsDir(settings).string();
  return {
      {"HOME", home.string()},
      {"RUN_DIR", RunDir(settings).string()},
      {"HLS_DIR", hls},
      {"HLS_FRAGMENT", HlsFragment(settings)},
      {"SRS_HLS_DIR", settings.Get("SRS_HLS_DIR", hls)},
      {"SSL_DIR", SslDir(settings).string()},
      {"MIME_TYPES", settings.Get("NGINX_MIME_TYPES", "/etc/nginx/mime.types")},
      {"RTMP_MODULE", settings.Get("NGINX_RTMP_MODULE", "/usr/lib/nginx/modules/ngx_rtmp_module.so")},
      {"PUBLIC_HTTP_PORT", settings.Get("PUBLIC_HTTP_PORT", "80")},
      {"PUBLIC_HTTPS_PORT", settings.Get("PUBLIC_HTTPS_PORT", "443")},
      {"MGMT_PORT", PortText(settings, config::kMgmtPort)},
      {"HOOKS_PORT", PortText(settings, config::kHooksPort)},
      {"PLATFORM_PORT", PortText(settings, config::kPlatformPort)},
      {"RELEASES_PORT", PortText(settings, config::kReleasesPort)},
      {"TENCENT_PORT", PortText(settings, config::kTencentPort)},
      {"FFMPEG_PORT", PortText(settings, config::kFfmpegPort)},
      {"RTMP_PORT", PortText(settings, config::kSrsRtmpPort)},
      {"ENGINE_API_PORT", PortText(settings, config::kSrsApiPort)},
      {"ENGINE_HTTP_PORT", PortText(settings, config::kSrsHttpPort)},
      {"PROMETHEUS_PORT", PortText(settings, config::kPrometheusPort)},
      {"NODE_EXPORTER_PORT", PortText(settings, config::kNodeExporterPort)},
      {"RTC_PORT", settings.Get("SRS_RTC_PORT", "8000")},
      {"SRT_PORT", settings.Get("SRS_SRT_PORT", "10080")},
  };
}

std::vector<ServiceSpec> BuildServiceSpecs(const config::Settings& settings, const fs::path& bin_dir,
                                           const fs::path& conf_dir,
                                           const std::set<std::string>& elsewhere) {
  std::vector<ServiceSpec> specs;
  const std::vector<std::string> wanted = settings.Has("MGMT_SERVICES")
      ? settings.List("MGMT_SERVICES")
      : std::vector<std::string>{"hooks", "tencent", "ffmpeg", "releases", "platform"};
  for (const Daemon& daemon : kDaemons) {
    if (std::find(wanted.begin(), wanted.end(), daemon.name) == wanted.end()) continue;
    const fs::path binary = bin_dir / (std::string("srs-cloud-") + daemon.name);
    if (!fs::exists(binary)) {
      spdlog::warn("services: {} not found, {} will not run", binary.string(), daemon.name);
      continue;
    }
    specs.push_back(ServiceSpec{.name = daemon.name, .argv = {binary.string()},
                                .ready_port = settings.Port(daemon.port),
                                .ready_path = daemon.versions});
  }

  const fs::path run_dir = RunDir(settings);
  fs::create_directories(run_dir / "logs");  // nginx opens <prefix>/logs/error.log before its config
  const std::string engine = elsewhere.contains("srs-server")
      ? std::string("none")
      : settings.Get("MEDIA_ENGINE", "auto");  // auto, srs, nginx-rtmp, none
  const std::string srs = settings.Get("SRS_BINARY");
  const std::string nginx = process::FindProgram(settings.Get("NGINX", "nginx")).value_or("");
  const bool rtmp_module = fs::exists(settings.Get("NGINX_RTMP_MODULE", "/usr/lib/nginx/modules/ngx_rtmp_module.so"));
  if ((engine == "auto" || engine == "srs") && !srs.empty()) {
    specs.push_back(ServiceSpec{.name = "srs-server",
                                .argv = {srs, "-c", (conf_dir / "srs.conf").string()},
                                .working_dir = fs::path(srs).parent_path().parent_path()});
  } else if ((engine == "auto" || engine == "nginx-rtmp") && !nginx.empty() && rtmp_module) {
    specs.push_back(ServiceSpec{.name = "srs-server",
                                .argv = {nginx, "-p", run_dir.string(), "-c",
                                         (conf_dir / "nginx-rtmp.conf").string()}});
    // nginx-rtmp has no segment callback: hooks watches the folder it writes HLS to.
    for (ServiceSpec& spec : specs) {
      if (spec.name == "hooks") spec.env.emplace_back("NGINX_HLS_DIR", HlsDir(settings).string());
    }
  } else if (engine != "none") {
    spdlog::warn("services: no media engine (set SRS_BINARY, or install nginx and libnginx-mod-rtmp)");
  }
  if (settings.Bool("FRONT_NGINX", false)) {
    if (nginx.empty()) throw std::runtime_error("FRONT_NGINX=true but nginx is not installed");
    specs.push_back(ServiceSpec{.name = "front",
                                .argv = {nginx, "-p", run_dir.string(), "-c",
                                         (conf_dir / "nginx.conf").string(), "-g", "daemon off;"}});
  }
  const std::string prometheus = process::FindProgram("prometheus").value_or("");
  if (!prometheus.empty() && settings.Bool("PROMETHEUS", true) && !elsewhere.contains("prometheus")) {
    specs.push_back(ServiceSpec{
        .name = "prometheus",
        .argv = {prometheus, "--config.file=" + (conf_dir / "prometheus.yml").string(),
                 "--storage.tsdb.path=" + (settings.home() / "containers/data/prometheus").string(),
                 "--web.listen-address=127.0.0.1:" + PortText(settings, config::kPrometheusPort),
                 "--web.external-url=http://localhost:" + PortText(settings, config::kPrometheusPort) + "/prometheus/"}});
  }
  const std::string node_exporter = process::FindProgram("prometheus-node-exporter").value_or("");
  if (!node_exporter.empty() && settings.Bool("PROMETHEUS", true) &&
      !elsewhere.contains("node-exporter")) {
    specs.push_back(ServiceSpec{
        .name = "node-exporter",
        .argv = {node_exporter, "--web.listen-address=127.0.0.1:" + PortText(settings, config::kNodeExporterPort)}});
  }
  return specs;
}

std::map<std::string, std::string> ContainerServiceNames() {
  return {{"srs-hooks", "hooks"},   {"tencent-cloud", "tencent"}, {"ffmpeg", "ffmpeg"},
          {"platform", "platform"}, {"srs-server", "srs-server"}, {"prometheus", "prometheus"},
          {"node-exporter", "node-exporter"}};
}

}  // namespace sc::mgmt
