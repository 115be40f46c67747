#include "platform/settings_api.hpp"

#include <regex>

#include "common/config/catalogue.hpp"
#include "common/http/api_error.hpp"
#include "common/http/client.hpp"
#include "common/http/fields.hpp"
#include "common/http/url.hpp"
#include "common/redis/keys.hpp"
#include "common/tls/key_pair.hpp"
#include "common/util/time.hpp"

namespace sc::platform {
namespace {

using http::ErrorCode;
namespace keys = redis::keys;

constexpr size_t kMaxBeianText = 1024;

bool IsDomain(const std::string& domain) {
  static const std::regex kPattern(
      R"(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62})");
  return domain.size() <= 253 && std::regex_match(domain, kPattern);
}

std::string Require(const Json& body, std::string_view name) {
  return http::RequiredString(body, name, "no " + std::string(name));
}

std::string RequireParam(const Json& body, std::string_view name) {
  return http::RequiredString(body, name, "no param " + std::string(name));
}

}  // namespace

SettingsApi::SettingsApi(redis::Client& redis, const auth::TokenAuth& auth, const MgmtClient& mgmt,
                         BilibiliOptions bilibili)
    : redis_(redis), auth_(auth), mgmt_(mgmt), bilibili_(std::move(bilibili)) {}

Json SettingsApi::Ssl(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string key = Require(request.json, "key");
  const std::string crt = Require(request.json, "crt");
  tls::ValidateKeyPair(key, crt);
  mgmt_.UpdateSslFile(key, crt);
  redis_.Set(keys::kSrsHttps, "ssl");
  spdlog::info("ssl: certificate uploaded, key={}B crt={}B", key.size(), crt.size());
  return nullptr;
}

Json SettingsApi::LetsEncrypt(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string domain = Require(request.json, "domain");
  if (!IsDomain(domain)) throw http::BadArgs(ErrorCode::kSysInvalid, "invalid domain " + domain);
  mgmt_.UpdateLetsEncrypt(domain);
  redis_.Set(keys::kSrsHttps, "lets");
  spdlog::info("letsencrypt: certificate issued for {}", domain);
  return nullptr;
}

Json SettingsApi::Pubkey(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const bool enabled = IsTruthy(request.json.value("enabled", Json()));
  mgmt_.AccessSsh(enabled);
  spdlog::info("pubkey: ssh access {}", enabled ? "enabled" : "disabled");
  return nullptr;
}

Json SettingsApi::Containers(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string action = RequireParam(request.json, "action");
  if (action == "query") {
    std::vector<std::string> market_keys;
    if (const auto name = http::OptionalString(request.json, "name"); name && !name->empty()) {
      if (!config::FindByMarketKey(*name)) {
        throw http::BadArgs(ErrorCode::kSysInvalid, "invalid name " + *name);
      }
      market_keys.push_back(*name);
    } else {
      for (const auto& entry : config::kCatalogue) market_keys.emplace_back(entry.market_key);
    }
    return mgmt_.QueryContainers(market_keys);
  }
  if (action == "enabled") {
    const std::string name = RequireParam(request.json, "name");
    const auto enabled = request.json.find("enabled");
    if (enabled == request.json.end() || !enabled->is_boolean()) {
      throw http::BadArgs(ErrorCode::kSysEmpty, "no param enabled");
    }
    if (!config::FindByContainer(name)) {
      throw http::BadArgs(ErrorCode::kSysInvalid, "invalid name " + name);
    }
    if (name == "platform" && !enabled->get<bool>()) {
      throw http::BadArgs(ErrorCode::kSysInvalid, "platform cannot be disabled, it serves this API");
    }
    redis_.Hset(keys::kSrsContainerDisabled, name, enabled->get<bool>() ? "false" : "true");
    if (!enabled->get<bool>()) mgmt_.RmContainer(name);
    spdlog::info("containers: {} enabled={}", name, enabled->get<bool>());
    return nullptr;
  }
  if (action == "switch") {
    const std::string name = RequireParam(request.json, "name");
    if (name != "srs-server" && name != "srs-dev") {
      throw http::BadArgs(ErrorCode::kSysInvalid, "invalid name " + name);
    }
    const std::string other = name == "srs-server" ? "srs-dev" : "srs-server";
    redis_.Hset(keys::kSrsContainerDisabled, name, "false");
    redis_.Hset(keys::kSrsContainerDisabled, other, "true");
    mgmt_.RmContainer(other);
    spdlog::info("containers: switched to {}", name);
    return nullptr;
  }
  throw http::BadArgs(ErrorCode::kSysInvalid,
                      "invalid action " + action + ", should be query,enabled,switch");
}

Json SettingsApi::Bilibili(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string bvid = Require(request.json, "bvid");
  static const std::regex kBvid("BV[0-9A-Za-z]{10}");
  if (!std::regex_match(bvid, kBvid)) throw http::BadArgs(ErrorCode::kSysInvalid, "invalid bvid " + bvid);

  Json cached = Json::parse(redis_.Hget(keys::kSrsCacheBilibili, bvid).value_or(""), nullptr, false);
  const bool has_cache = cached.is_object() && cached.contains("res") && !cached["res"].is_null();
  if (has_cache) {
    const auto updated = util::ParseIsoTime(cached.value("update", std::string()));
    if (updated && std::chrono::system_clock::now() - *updated < bilibili_.cache_ttl) {
      return cached["res"];
    }
  }
  try {
    Json res = FetchBilibili(bvid);
    redis_.Hset(keys::kSrsCacheBilibili, bvid,
                Stringify(Json{{"update", util::IsoTime(std::chrono::system_clock::now())},
                               {"res", res}}));
    return res;
  } catch (const std::exception& e) {
    if (!has_cache) throw http::Internal(ErrorCode::kGeneric, std::string("bilibili: ") + e.what());
    spdlog::warn("bilibili {}: {}; answering the cached copy", bvid, e.what());
    return cached["res"];
  }
}

Json SettingsApi::FetchBilibili(const std::string& bvid) const {
  http::ClientRequest request{
      .url = bilibili_.base_url + "/x/web-interface/view?bvid=" + http::PercentEncode(bvid),
      .timeout = bilibili_.timeout,
      .max_response_bytes = 1024 * 1024};
  const Json answer = http::FetchJson(request, nullptr);
  if (!answer.is_object() || !answer.contains("data") || !answer["data"].is_object()) {
    throw std::runtime_error("unexpected answer, code=" + Stringify(answer.value("code", Json())));
  }
  return answer["data"];
}

Json SettingsApi::BeianQuery(const http::Request&) const {
  const auto icp = redis_.Hget(keys::kSrsBeian, "icp");
  return {{"icp", icp ? Json(*icp) : Json()}};
}

Json SettingsApi::BeianUpdate(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string beian = Require(request.json, "beian");
  const std::string text = Require(request.json, "text");
  if (beian != "icp") throw http::BadArgs(ErrorCode::kSysInvalid, "invalid beian " + beian + ", should be icp");
  if (text.size() > kMaxBeianText) {
    throw http::BadArgs(ErrorCode::kSysInvalid,
                        "text is longer than " + std::to_string(kMaxBeianText) + " bytes");
  }
  const auto created = redis_.Hset(keys::kSrsBeian, beian, text);
  spdlog::info("beian: {} set, {}B", beian, text.size());
  return created;  // 1 when new, 0 (omitted) when replaced: spec/platform.md §4.17
}

}  // namespace sc::platform
