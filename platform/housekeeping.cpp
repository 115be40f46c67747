#include "platform/housekeeping.hpp"

#include <filesystem>

#include "common/config/catalogue.hpp"
#include "common/http/api_error.hpp"
#include "common/redis/keys.hpp"
#include "common/util/upgrade_window.hpp"
#include "common/util/version.hpp"
#include "platform/system_api.hpp"

namespace sc::platform {
namespace {

namespace keys = redis::keys;

}  // namespace

Housekeeping::Housekeeping(redis::Client& redis, auth::ApiSecret& secret, const MgmtClient& mgmt,
                           ReleaseQuery& releases, const config::Settings& settings,
                           CloudSetup cloud_setup)
    : redis_(redis),
      secret_(secret),
      mgmt_(mgmt),
      releases_(releases),
      settings_(settings),
      cloud_setup_(std::move(cloud_setup)) {}

void Housekeeping::ApiSecretCycle() { secret_.Ensure(); }

bool Housekeeping::CrontabCycle() {
  const auto live = settings_.home() / "containers/etc/letsencrypt/live";
  std::error_code error;
  size_t domains = 0;
  for (const auto& entry : std::filesystem::directory_iterator(live, error)) {
    if (entry.is_directory()) ++domains;
  }
  if (domains == 0) return false;
  const Json result = mgmt_.RenewLetsEncrypt(false);
  spdlog::info("crontab: renew {} certificate(s), renewOk={}", domains,
               Stringify(result.is_object() ? result.value("renewOk", Json()) : Json()));
  return true;
}

void Housekeeping::ResetUpgrading() {
  if (redis_.Hget(keys::kSrsUpgrading, "upgrading")) {
    redis_.Hdel(keys::kSrsUpgrading, "upgrading");
    redis_.Hdel(keys::kSrsUpgrading, "desc");
  }
}

bool Housekeeping::FirstRun() {
  const auto before = redis_.Hget(keys::kSrsFirstBoot, "v12");
  redis_.Hset(keys::kSrsFirstBoot, "v12", "1");
  if (before) return false;
  secret_.Ensure();
  // A cloned machine image may carry a stale engine container: start it afresh. Best effort,
  // as in the original: the market cycle starts it again anyway.
  try {
    mgmt_.RmContainer("srs-server");
  } catch (const std::exception& e) {
    spdlog::warn("upgrade: first run: {}", e.what());
  }
  spdlog::info("upgrade: first run of this machine");
  return true;
}

// Errors are logged and the cycle goes on, as in the original: a cloud account that is not
// ready must not hold back upgrades.
void Housekeeping::SetUpCloud() {
  if (!cloud_setup_) return;
  try {
    const std::string region = redis_.Hget(keys::kSrsTencentLh, "region").value_or("");
    if (region.empty()) return;  // no cloud region known (not a Tencent Lighthouse machine)
    cloud_setup_(region);
  } catch (const std::exception& e) {
    spdlog::warn("upgrade: cloud resources not ready: {}", e.what());
  }
}

std::string Housekeeping::UpgradeCycle() {
  if (!redis_.Hget(keys::kSrsUpgradeWindow, "update")) {
    redis_.Hset(keys::kSrsUpgradeWindow, "start", "23");
    redis_.Hset(keys::kSrsUpgradeWindow, "duration", "6");
  }
  SetUpCloud();
  FirstRun();

  const Releases releases = releases_.Run();
  if (!releases.stable || releases.stable->empty()) return "no stable release";

  const std::optional<std::string> force = redis_.Hget(keys::kSrsUpgrading, "force");
  if (force) redis_.Hdel(keys::kSrsUpgrading, "force");
  const std::string current = releases.version;
  const auto order = util::CompareVersions(current, *releases.stable);
  if (!order) throw std::runtime_error("cannot compare " + current + " with " + *releases.stable);
  if (!force && *order >= 0) return "up to date";
  if (!util::InUpgradeWindow(HashInt(redis_, keys::kSrsUpgradeWindow, "start"),
                             HashInt(redis_, keys::kSrsUpgradeWindow, "duration"),
                             util::LocalHour())) {
    return "not in window";
  }
  if (redis_.Hget(keys::kSrsUpgrading, "upgrading") == "1") return "already upgrading";
  if (redis_.Hget(keys::kSrsUpgradeStrategy, "strategy").value_or("auto") != "auto") {
    return "strategy is manual";
  }
  const std::string target = force.value_or(*releases.stable);
  if (!IsReleaseVersion(target)) throw std::runtime_error("invalid upgrade target " + target);
  redis_.Hset(keys::kSrsUpgrading, "upgrading", "1");
  redis_.Hset(keys::kSrsUpgrading, "desc",
              "upgrade current=" + current + ", stable=" + *releases.stable +
                  ", force=" + force.value_or(""));
  spdlog::info("upgrade: automatic upgrade from {} to {}", current, target);
  mgmt_.ExecUpgrade(target);  // the flag is cleared at the next start (ResetUpgrading)
  return "upgrading to " + target;
}

std::vector<std::string> Housekeeping::MarketCycle() {
  // Only one SRS flavour runs: with neither disabled, srs-dev goes (through mgmt, not a local
  // docker command the platform does not have).
  if (redis_.Hget(keys::kSrsContainerDisabled, "srs-server") != "true" &&
      redis_.Hget(keys::kSrsContainerDisabled, "srs-dev") != "true") {
    redis_.Hset(keys::kSrsContainerDisabled, "srs-dev", "true");
    mgmt_.RmContainer("srs-dev");
  }
  std::vector<std::string> started;
  for (const auto& entry : config::kCatalogue) {
    if (entry.market_key == "platform") continue;  // mgmt keeps platform itself alive
    const std::string name(entry.container);
    if (redis_.Hget(keys::kSrsContainerDisabled, name) == "true") continue;
    const Json state = mgmt_.FetchContainer(name, std::string(entry.market_key));
    const auto id = [&state](const char* which) {
      return state.is_object() && state.contains(which) && state[which].is_object() &&
             IsTruthy(state[which].value("ID", Json()));
    };
    if (id("all") && id("running")) continue;
    // One service mgmt cannot start (e.g. srs-server where no SRS is installed) must not keep
    // the others down: the original's cycle ended at the first failure, every time.
    try {
      mgmt_.StartContainer(name);
      started.push_back(name);
    } catch (const http::ApiError& e) {
      if (e.http_status() == 422) {
        spdlog::debug("market: {} cannot run here: {}", name, e.what());
      } else {
        spdlog::warn("market: {} not started: {}", name, e.what());
      }
    }
  }
  return started;
}

WorkerPeriods WorkerPeriodsFrom(const config::Settings& settings) {
  WorkerPeriods periods;
  const int renew = settings.Int("LETSENCRYPT_RENEW_SECONDS", 3600);
  if (renew <= 0) throw std::runtime_error("LETSENCRYPT_RENEW_SECONDS must be a positive number");
  periods.crontab = std::chrono::seconds(renew);
  const int upgrade = settings.Int("UPGRADE_CHECK_SECONDS", 3600);
  if (upgrade <= 0) throw std::runtime_error("UPGRADE_CHECK_SECONDS must be a positive number");
  periods.upgrade = std::chrono::seconds(upgrade);
  return periods;
}

Workers::Workers(Housekeeping& housekeeping, WorkerPeriods periods, bool market_enabled) {
  using util::PeriodicWorker;
  housekeeping.ResetUpgrading();
  workers_.push_back(std::make_unique<PeriodicWorker>(
      "apiSecret", periods.api_secret, [&housekeeping] { housekeeping.ApiSecretCycle(); }));
  workers_.push_back(std::make_unique<PeriodicWorker>(
      "crontab", periods.crontab, [&housekeeping] { housekeeping.CrontabCycle(); }));
  workers_.push_back(std::make_unique<PeriodicWorker>("upgrade", periods.upgrade, [&housekeeping] {
    spdlog::info("upgrade: {}", housekeeping.UpgradeCycle());
  }));
  if (market_enabled) {
    workers_.push_back(std::make_unique<PeriodicWorker>(
        "market", periods.market, [&housekeeping] { housekeeping.MarketCycle(); },
        std::chrono::seconds(5)));
  }
}

}  // namespace sc::platform
