#pragma once
#include <filesystem>

#include "common/config/settings.hpp"

namespace sc::mgmt {

// Where things live in the runtime folder ($SRS_CLOUD_HOME), decided once for every part of mgmt.

// The engine's HLS output (SRS's objs/nginx/html), which the front nginx serves from disk.
inline std::filesystem::path HlsDir(const config::Settings& settings) {
  return settings.home() / "containers/objs/nginx/html";
}
// nginx.key and nginx.crt of the public site (SSL_DIR).
inline std::filesystem::path SslDir(const config::Settings& settings) {
  return settings.Get("SSL_DIR", (settings.home() / "containers/ssl").string());
}
// pid files and temporary folders of the nginx instances mgmt runs.
inline std::filesystem::path RunDir(const config::Settings& settings) {
  return settings.home() / "containers/run";
}

}  // namespace sc::mgmt
