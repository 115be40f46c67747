#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/env_file.hpp"
#include "common/redis/client.hpp"

namespace sc::config {

// A listen port and the variable that overrides it (port-decisions.md §3).
struct PortSetting {
  std::string_view variable;
  std::uint16_t fallback;
};
inline constexpr PortSetting kHooksPort{"HOOKS_PORT", 2021};
inline constexpr PortSetting kTencentPort{"TENCENT_PORT", 2020};
inline constexpr PortSetting kFfmpegPort{"FFMPEG_PORT", 2019};
inline constexpr PortSetting kMgmtPort{"MGMT_PORT", 2022};
inline constexpr PortSetting kReleasesPort{"RELEASES_PORT", 2023};
inline constexpr PortSetting kPlatformPort{"PLATFORM_PORT", 2024};
inline constexpr PortSetting kRedisPort{"REDIS_PORT", 6379};
inline constexpr PortSetting kSrsRtmpPort{"SRS_RTMP_PORT", 1935};
inline constexpr PortSetting kSrsApiPort{"SRS_API_PORT", 1985};
inline constexpr PortSetting kSrsHttpPort{"SRS_HTTP_PORT", 8080};
inline constexpr PortSetting kPrometheusPort{"PROMETHEUS_PORT", 9090};
inline constexpr PortSetting kNodeExporterPort{"NODE_EXPORTER_PORT", 9100};

// The configuration of a daemon: $SRS_CLOUD_HOME/.env overlaid by the process environment
// captured at start (an explicit environment variable wins over the file). Reload() re-reads
// the file, Save() rewrites it in place. Thread-safe; the only place that reads the
// environment. Accessors that parse throw std::invalid_argument naming the variable.
class Settings {
 public:
  // Home is SRS_CLOUD_HOME, else the current directory.
  static Settings FromProcess();
  Settings(std::filesystem::path home, std::map<std::string, std::string, std::less<>> environment);

  std::string Get(std::string_view name, std::string_view fallback = "") const;
  bool Has(std::string_view name) const;  // set and non-empty
  std::uint16_t Port(const PortSetting& port) const;
  int Int(std::string_view name, int fallback) const;
  bool Bool(std::string_view name, bool fallback) const;  // "true"/"1"/"yes", "false"/"0"/"no"
  // A comma-separated list, empty items dropped ("a,,b" -> {"a", "b"}).
  std::vector<std::string> List(std::string_view name) const;

  // REDIS_HOST (127.0.0.1), REDIS_PORT (6379), REDIS_PASSWORD (none).
  redis::Options Redis() const;
  // Where internal daemons listen: LISTEN_ADDRESS, default 127.0.0.1.
  std::string ListenAddress() const;
  // The admin password (MGMT_PASSWORD), empty before /init. Platform's /init writes it into
  // the shared .env; the other daemons see it within a second (the file is re-read when its
  // modification time changed, checked at most once a second).
  std::string MgmtPassword() const;

  const std::filesystem::path& home() const { return home_; }
  std::filesystem::path env_file() const { return home_ / ".env"; }

  void Reload();
  // SaveEnvs on env_file() (see env_file.hpp, including `check`), then Reload().
  void Save(const EnvEntries& updates, const std::function<void(const EnvEntries&)>& check = {});

 private:
  const std::filesystem::path home_;
  const std::map<std::string, std::string, std::less<>> environment_;
  void ReloadIfChanged() const;
  void LoadFile() const;

  mutable std::shared_mutex mutex_;
  // A cache of the .env; refreshed by Reload() and by MgmtPassword() when the file changed.
  mutable std::map<std::string, std::string, std::less<>> file_{};  // guarded by mutex_
  mutable std::filesystem::file_time_type file_time_{};     // guarded by mutex_
  mutable std::atomic<std::int64_t> next_check_ms_{0};
};

}  // namespace sc::config
