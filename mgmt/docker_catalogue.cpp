#include "mgmt/docker_catalogue.hpp"

#include "mgmt/runtime_paths.hpp"

namespace sc::mgmt {

namespace fs = std::filesystem;

Json CreateBody(const ContainerSpec& spec) {
  Json host = {
      {"NetworkMode", "host"},
      {"Binds", spec.binds},
      {"RestartPolicy", {{"Name", spec.transient ? "no" : "always"}}},
      {"LogConfig",
       {{"Type", "json-file"},
        {"Config",
         {{"max-size", spec.log_max_size}, {"max-file", std::to_string(spec.log_max_files)}}}}},
  };
  if (spec.host_pid) host["PidMode"] = "host";
  Json body = {
      {"Image", spec.image},
      {"Env", spec.env},
      {"Labels", {{"srs-cloud.managed", "true"}}},
      {"HostConfig", std::move(host)},
  };
  if (!spec.entrypoint.empty()) body["Entrypoint"] = spec.entrypoint;
  if (!spec.command.empty()) body["Cmd"] = spec.command;
  if (!spec.user.empty()) body["User"] = spec.user;
  return body;
}

std::vector<ContainerSpec> DockerCatalogue(const config::Settings& settings,
                                           const fs::path& conf_dir) {
  // spec/common.md §9.1: every container learns where it runs.
  const std::vector<std::string> env = {"SRS_REGION=" + settings.Get("REGION"),
                                        "SRS_SOURCE=" + settings.Get("SOURCE")};
  std::vector<ContainerSpec> catalogue;

  const std::string engine = settings.Get("MEDIA_ENGINE", "auto");
  if (engine == "srs" || (engine == "auto" && !settings.Has("SRS_BINARY"))) {
    const std::string conf = conf_dir.string();
    const std::string hls = settings.Get("SRS_HLS_DIR", HlsDir(settings).string());
    std::vector<std::string> srs_env = env;
    if (settings.Has("CANDIDATE")) srs_env.push_back("CANDIDATE=" + settings.Get("CANDIDATE"));
    for (const auto& [name, image] :
         {std::pair{"srs-server", settings.Get("SRS_IMAGE", "ossrs/srs:5")},
          std::pair{"srs-dev", settings.Get("SRS_DEV_IMAGE", "ossrs/srs:6")}}) {
      catalogue.push_back(
          ContainerSpec{.name = name,
                        .image = image,
                        .command = {"./objs/srs", "-c", (conf_dir / "srs.conf").string()},
                        .env = srs_env,
                        .binds = {conf + ":" + conf + ":ro", hls + ":" + hls},
                        .log_max_size = "3g"});
    }
  }

  if (settings.Bool("PROMETHEUS", true)) {
    const std::string port = std::to_string(settings.Port(config::kPrometheusPort));
    catalogue.push_back(ContainerSpec{
        .name = "prometheus",
        .image = settings.Get("PROMETHEUS_IMAGE", "ossrs/prometheus"),
        .command = {"--storage.tsdb.path=/prometheus",
                    "--config.file=/etc/prometheus/prometheus.yml",
                    "--web.listen-address=127.0.0.1:" + port,
                    "--web.external-url=http://localhost:" + port + "/prometheus/"},
        .env = env,
        .binds = {(conf_dir / "prometheus.yml").string() + ":/etc/prometheus/prometheus.yml:ro",
                  (settings.home() / "containers/data/prometheus").string() + ":/prometheus"},
        .user = "root"});
    catalogue.push_back(
        ContainerSpec{.name = "node-exporter",
                      .image = settings.Get("NODE_EXPORTER_IMAGE", "ossrs/node-exporter"),
                      .command = {"--path.rootfs=/host",
                                  "--web.listen-address=127.0.0.1:" +
                                      std::to_string(settings.Port(config::kNodeExporterPort))},
                      .env = env,
                      .binds = {"/:/host:ro,rslave"},
                      .host_pid = true});
  }
  return catalogue;
}

ContainerSpec CertbotSpec(const config::Settings& settings, const std::string& name,
                          std::vector<std::string> args) {
  ContainerSpec spec{.name = name,
                     .image = settings.Get("CERTBOT_IMAGE", "ossrs/certbot"),
                     .command = std::move(args),
                     .transient = true};
  for (const char* part :
       {"etc/letsencrypt", "var/lib/letsencrypt", "var/log/letsencrypt", "www"}) {
    const std::string path = (settings.home() / "containers" / part).string();
    spec.binds.push_back(path + ":" + path);
  }
  return spec;
}

}  // namespace sc::mgmt
