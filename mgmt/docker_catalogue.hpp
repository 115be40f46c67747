#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "common/config/settings.hpp"
#include "common/json.hpp"

namespace sc::mgmt {

// One container mgmt may run under Docker: everything `docker run` would be told, decided by mgmt
// alone (port-decisions.md §4: no caller-given docker arguments).
struct ContainerSpec {
  std::string name;  // the container name of spec/common.md §9.2
  std::string image;
  std::vector<std::string> entrypoint{};  // empty: the image's own
  std::vector<std::string> command{};
  std::vector<std::string> env{};    // "NAME=value"
  std::vector<std::string> binds{};  // "host:container[:options]"
  std::string user{};                // empty: the image's own
  bool host_pid = false;
  bool transient = false;           // a run to completion (certbot): no restart policy
  std::string log_max_size = "1g";  // json-file rotation (spec/common.md §9.3)
  int log_max_files = 3;
};

// The Engine API body of POST /containers/create for `spec`: host network (the services listen
// where their rendered configuration says, 127.0.0.1 for the internal ones, port-decisions.md §3,
// instead of the original's -p on every interface), restart policy always, json-file logs with
// rotation, not privileged (spec/common.md §9.3 note), labelled as srs-cloud's.
Json CreateBody(const ContainerSpec& spec);

// The third-party services of spec/common.md §9.3 that run as containers when mgmt uses Docker
// (our own daemons stay native processes, port-decisions.md §1):
//  - srs-server (SRS_IMAGE, ossrs/srs:5) and srs-dev (SRS_DEV_IMAGE, ossrs/srs:6) with the
//    rendered srs.conf and the HLS folder mounted at their host paths, so the one configuration
//    serves both runtimes; only when MEDIA_ENGINE is srs, or auto without an SRS_BINARY;
//  - prometheus (PROMETHEUS_IMAGE, ossrs/prometheus) and node-exporter (NODE_EXPORTER_IMAGE,
//    ossrs/node-exporter), unless PROMETHEUS=false.
std::vector<ContainerSpec> DockerCatalogue(const config::Settings& settings,
                                           const std::filesystem::path& conf_dir);

// A certbot run as a transient container `name` (certbot-certonly / certbot-renew, spec/mgmt.md
// §6) of CERTBOT_IMAGE (ossrs/certbot) with `args` after the image's certbot entrypoint.
// containers/{etc/letsencrypt,var/lib/letsencrypt,var/log/letsencrypt,www} of the runtime folder
// are mounted at their host paths, so the same arguments serve the native certbot and this one;
// /www for renew too (spec/mgmt.md §6.2 note), on the host network for the HTTP-01 challenge.
ContainerSpec CertbotSpec(const config::Settings& settings, const std::string& name,
                          std::vector<std::string> args);

}  // namespace sc::mgmt
