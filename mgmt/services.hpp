#pragma once
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/config/settings.hpp"
#include "mgmt/supervisor.hpp"
#include "mgmt/templates.hpp"

namespace sc::mgmt {

// The values of the containers/ templates: ports from Settings, folders in the runtime folder.
TemplateValues ConfigValues(const config::Settings& settings);

// What mgmt keeps running (port-decisions.md §1), in start order:
//  - our daemons hooks, tencent, ffmpeg, releases, platform (MGMT_SERVICES), from `bin_dir`,
//    ready when their versions route answers; a missing binary is skipped with a warning;
//  - the media engine as "srs-server": SRS_BINARY with srs.conf, else nginx with
//    libnginx-mod-rtmp and nginx-rtmp.conf, hooks then watching its HLS folder (NGINX_HLS_DIR)
//    (MEDIA_ENGINE=none: neither);
//  - "front": nginx with nginx.conf in front of mgmt, only with FRONT_NGINX=true;
//  - prometheus and node-exporter from Debian's packages when installed.
// Names in `elsewhere` (srs-server, prometheus, node-exporter) run on another runtime (Docker)
// and are left out.
std::vector<ServiceSpec> BuildServiceSpecs(const config::Settings& settings,
                                           const std::filesystem::path& bin_dir,
                                           const std::filesystem::path& conf_dir,
                                           const std::set<std::string>& elsewhere = {});

// Container names of spec/common.md §9.2 -> supervisor service names.
std::map<std::string, std::string> ContainerServiceNames();

}  // namespace sc::mgmt
