#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/auth/api_secret.hpp"
#include "common/config/settings.hpp"
#include "common/redis/client.hpp"
#include "common/util/periodic_worker.hpp"
#include "platform/mgmt_client.hpp"
#include "platform/release_query.hpp"

namespace sc::platform {

// The cycles of the original's background threads (spec/platform.md §6) as plain methods, so
// tests run them one at a time; Workers runs them periodically.
class Housekeeping {
 public:
  // §6.3 step 3: sets up the account's COS bucket and VoD service in a region (main wires
  // cloud::EnsureCosBucket and cloud::EnsureVodService; both do nothing without CAM keys).
  using CloudSetup = std::function<void(const std::string& region)>;

  Housekeeping(redis::Client& redis, auth::ApiSecret& secret, const MgmtClient& mgmt,
               ReleaseQuery& releases, const config::Settings& settings,
               CloudSetup cloud_setup = {});

  // §6.1: re-creates the API secret if someone deleted it.
  void ApiSecretCycle();
  // §6.2: asks mgmt to renew Let's Encrypt certificates when there are any. Returns whether it
  // asked.
  bool CrontabCycle();
  // §6.3 step 1, once at start (the original did it every cycle, erasing an operator's force).
  void ResetUpgrading();
  // §6.3 steps 2-6. Returns what it decided, e.g. "upgrading to v1.2.3" or "not in window".
  std::string UpgradeCycle();
  // §6.4: keeps the enabled services running through mgmt. Returns the containers it started.
  std::vector<std::string> MarketCycle();

 private:
  bool FirstRun();
  void SetUpCloud();

  redis::Client& redis_;
  auth::ApiSecret& secret_;
  const MgmtClient& mgmt_;
  ReleaseQuery& releases_;
  const config::Settings& settings_;
  const CloudSetup cloud_setup_;
};

struct WorkerPeriods {
  std::chrono::milliseconds api_secret = std::chrono::hours(1);
  std::chrono::milliseconds crontab = std::chrono::hours(1);
  std::chrono::milliseconds upgrade = std::chrono::hours(1);
  std::chrono::milliseconds market = std::chrono::seconds(10);
};

// The spec's periods; LETSENCRYPT_RENEW_SECONDS changes the certificate renewal's (hourly, as in
// the original; certbot itself decides whether a certificate is due), UPGRADE_CHECK_SECONDS the
// upgrade check's (hourly).
WorkerPeriods WorkerPeriodsFrom(const config::Settings& settings);

// The four background threads; destroying it stops them all promptly.
class Workers {
 public:
  Workers(Housekeeping& housekeeping, WorkerPeriods periods, bool market_enabled);

 private:
  std::vector<std::unique_ptr<util::PeriodicWorker>> workers_{};
};

}  // namespace sc::platform
