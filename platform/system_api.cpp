#include "platform/system_api.hpp"

#include <regex>

#include "common/http/api_error.hpp"
#include "common/http/fields.hpp"
#include "common/redis/keys.hpp"
#include "common/util/text.hpp"
#include "common/util/time.hpp"
#include "common/util/upgrade_window.hpp"
#include "sc/version.hpp"

namespace sc::platform {
namespace {

using http::ErrorCode;
namespace keys = redis::keys;

Json OrNull(const std::optional<std::string>& value) { return value ? Json(*value) : Json(); }

}  // namespace

std::optional<int> HashInt(redis::Client& redis, std::string_view key, std::string_view field) {
  const auto value = redis.Hget(key, field);
  const auto parsed = value ? util::ParseInteger(*value) : std::nullopt;
  return parsed ? std::optional<int>(static_cast<int>(*parsed)) : std::nullopt;
}

bool IsReleaseVersion(const std::string& version) {
  static const std::regex kPattern(R"(v\d{1,6}\.\d{1,6}\.\d{1,6}(-[0-9A-Za-z.]{1,32})?)");
  return std::regex_match(version, kPattern);
}

SystemApi::SystemApi(redis::Client& redis, const auth::TokenAuth& auth, const MgmtClient& mgmt,
                     ReleaseQuery& releases)
    : redis_(redis), auth_(auth), mgmt_(mgmt), releases_(releases) {}

Json SystemApi::Status(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const Releases last = releases_.Last();
  return {{"version", std::string("v") + kVersion},
          {"releases", {{"stable", OrNull(last.stable)}, {"latest", OrNull(last.latest)}}},
          {"upgrading", redis_.Hget(keys::kSrsUpgrading, "upgrading") == "1"},
          {"strategy", redis_.Hget(keys::kSrsUpgradeStrategy, "strategy").value_or("auto")}};
}

Json SystemApi::Upgrade(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const bool in_window =
      util::InUpgradeWindow(HashInt(redis_, keys::kSrsUpgradeWindow, "start"),
                            HashInt(redis_, keys::kSrsUpgradeWindow, "duration"), util::LocalHour());
  const Releases releases = releases_.Run();
  const std::string current = releases.version.empty() ? std::string("v") + kVersion : releases.version;
  const std::string target = releases.latest.value_or("");
  if (target.empty()) throw http::NotFound(ErrorCode::kSysResource, "no release to upgrade to");
  if (!IsReleaseVersion(target)) {
    throw http::Internal(ErrorCode::kSysInvalid, "invalid release version " + target);
  }
  if (redis_.Hget(keys::kSrsUpgrading, "upgrading") == "1") {
    throw http::Internal(ErrorCode::kSysUpgrading,
                         "already upgrading 1, " + redis_.Hget(keys::kSrsUpgrading, "desc").value_or(""));
  }
  redis_.Hset(keys::kSrsUpgrading, "upgrading", "1");
  redis_.Hset(keys::kSrsUpgrading, "desc",
              "upgrade to target=" + target + ", current=" + current + ", latest=" + target +
                  ", window=" + (in_window ? "true" : "false"));
  spdlog::info("upgrade: to {} from {}, window={}", target, current, in_window);
  try {
    mgmt_.ExecUpgrade(target);
  } catch (...) {
    redis_.Hset(keys::kSrsUpgrading, "upgrading", "0");
    throw;
  }
  redis_.Hset(keys::kSrsUpgrading, "upgrading", "0");
  return {{"version", current}};
}

Json SystemApi::Strategy(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  try {
    releases_.Run();  // the original refreshes the release info here too
  } catch (const std::exception& e) {
    spdlog::warn("strategy: release query: {}", e.what());
  }
  const std::string upgrading = redis_.Hget(keys::kSrsUpgrading, "upgrading").value_or("");
  const std::optional<std::string> raw = redis_.Hget(keys::kSrsUpgradeStrategy, "strategy");
  const std::string current = raw.value_or("auto");
  const std::string next = current == "auto" ? "manual" : "auto";
  const auto written = redis_.Hset(keys::kSrsUpgradeStrategy, "strategy", next);
  redis_.Hset(keys::kSrsUpgradeStrategy, "desc",
              util::IsoTime(std::chrono::system_clock::now()) + " changed, upgrading=" + upgrading +
                  ", r0=" + raw.value_or("") + "/" + current + ", r1=" + std::to_string(written) +
                  "/" + next);
  spdlog::info("strategy: {} -> {}", current, next);
  return nullptr;
}

Json SystemApi::WindowQuery(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const auto start = HashInt(redis_, keys::kSrsUpgradeWindow, "start");
  const auto duration = HashInt(redis_, keys::kSrsUpgradeWindow, "duration");
  return {{"start", start ? Json(*start) : Json()}, {"duration", duration ? Json(*duration) : Json()}};
}

Json SystemApi::WindowUpdate(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const auto start = http::OptionalInteger(request.json, "start");
  if (!start) throw http::BadArgs(ErrorCode::kSysEmpty, "no param start");
  if (*start < 0 || *start > 23) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "start should be an hour of 0-23");
  }
  const auto duration = http::OptionalInteger(request.json, "duration");
  if (!duration || *duration == 0) throw http::BadArgs(ErrorCode::kSysEmpty, "no param end");
  if (*duration <= 3) throw http::BadArgs(ErrorCode::kSysInvalid, "window should greater than 3 hours");
  if (*duration > 24) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "window should smaller than 24 hours");
  }
  redis_.Hset(keys::kSrsUpgradeWindow, "start", std::to_string(*start));
  redis_.Hset(keys::kSrsUpgradeWindow, "duration", std::to_string(*duration));
  redis_.Hset(keys::kSrsUpgradeWindow, "update", util::IsoTime(std::chrono::system_clock::now()));
  spdlog::info("window: start={} duration={}", *start, *duration);
  return nullptr;
}

}  // namespace sc::platform
