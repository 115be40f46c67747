#pragma once
#include <mutex>
#include <optional>
#include <string>

#include "common/config/settings.hpp"
#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "platform/mgmt_client.hpp"

namespace sc::platform {

// What the releases service answered last: {version, stable, latest}.
struct Releases {
  std::string version{};
  std::optional<std::string> stable{};
  std::optional<std::string> latest{};
};

// queryLatestVersion (spec/platform.md §6.3 step 5): builds the telemetry parameters from Redis
// (resetting the publish/play counters), asks mgmt's refreshVersion, and keeps the answer for
// /status. TELEMETRY=false sends no parameters. Thread-safe.
class ReleaseQuery {
 public:
  ReleaseQuery(redis::Client& redis, const MgmtClient& mgmt, const config::Settings& settings);

  Releases Run();
  // The last answer; stable/latest are empty before the first query (the original's null).
  Releases Last() const;

  // The telemetry parameters, only truthy values (exposed for tests).
  Json TelemetryParams();

 private:
  redis::Client& redis_;
  const MgmtClient& mgmt_;
  const config::Settings& settings_;
  mutable std::mutex mutex_;
  Releases last_{};  // guarded by mutex_
};

}  // namespace sc::platform
