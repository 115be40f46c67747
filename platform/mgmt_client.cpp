#include "platform/mgmt_client.hpp"

#include "common/http/api_error.hpp"
#include "common/http/client.hpp"

namespace sc::platform {
namespace {

using http::ApiError;
using http::ErrorCode;

constexpr auto kUpgradeTimeout = std::chrono::minutes(30);
constexpr auto kCertbotTimeout = std::chrono::minutes(5);

}  // namespace

MgmtClient::MgmtClient(std::string base_url, const auth::TokenAuth& auth)
    : url_(std::move(base_url) + "/terraform/v1/host/exec"), auth_(auth) {}

Json MgmtClient::Exec(std::string_view action, Json args, std::chrono::milliseconds timeout) const {
  try {
    return Send(action, std::move(args), timeout);
  } catch (const http::ClientError& error) {
    throw ApiError(ErrorCode::kGeneric, 500,
                   "mgmt " + std::string(action) + " failed: " + error.what());
  }
}

Json MgmtClient::Send(std::string_view action, Json args, std::chrono::milliseconds timeout) const {
  const auth::IssuedToken token = auth_.Issue();
  const Json body = {{"expire", "P1Y"},         {"expireAt", token.expire_at},
                     {"createAt", token.create_at}, {"nonce", token.nonce},
                     {"token", token.token},       {"action", action},
                     {"args", std::move(args)}};
  http::ClientRequest request{.method = "POST", .url = url_, .timeout = timeout};
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = Stringify(body);
  const http::ClientResponse response = http::Fetch(request);
  const Json answer = Json::parse(response.body, nullptr, false);
  const bool enveloped = answer.is_object() && answer.contains("code");
  if (response.status >= 200 && response.status < 300 && enveloped && answer["code"] == 0) {
    return answer.value("data", Json());
  }
  if (enveloped && answer["code"].is_number_integer()) {
    std::string message = "mgmt " + std::string(action) + " failed";
    if (answer.contains("data") && answer["data"].is_object()) {
      message += ": " + answer["data"].value("message", std::string());
    }
    throw ApiError(static_cast<ErrorCode>(answer["code"].get<int>()),
                   response.status >= 400 ? static_cast<int>(response.status) : 500, message);
  }
  throw ApiError(ErrorCode::kGeneric, 500,
                 "mgmt " + std::string(action) + " failed: HTTP " + std::to_string(response.status));
}

void MgmtClient::ReloadEnv() const { Exec("reloadEnv", Json::array()); }

Json MgmtClient::RefreshVersion(const Json& params) const {
  return Exec("refreshVersion", Json::array({params}), std::chrono::seconds(15));
}

void MgmtClient::ExecUpgrade(const std::string& target) const {
  try {
    Send("execUpgrade", Json::array({target}), kUpgradeTimeout);
  } catch (const http::ClientError& error) {
    // mgmt restarts the whole stack when the upgrade switches versions, cutting this call.
    if (error.kind() == http::ClientError::Kind::kCut) {
      spdlog::info("upgrade to {}: mgmt restarted while upgrading", target);
      return;
    }
    throw ApiError(ErrorCode::kGeneric, 500, std::string("mgmt execUpgrade failed: ") + error.what());
  }
}

void MgmtClient::UpdateSslFile(const std::string& key, const std::string& crt) const {
  Exec("updateSslFile", Json::array({key, crt}));
}

void MgmtClient::UpdateLetsEncrypt(const std::string& domain) const {
  Exec("updateLetsEncrypt", Json::array({domain}), kCertbotTimeout);
}

Json MgmtClient::RenewLetsEncrypt(bool force) const {
  return Exec("renewLetsEncrypt", Json::array({force}), kCertbotTimeout);
}

void MgmtClient::AccessSsh(bool enable) const {
  Exec("accessSsh", Json::array({enable ? "enable" : "disable"}));
}

void MgmtClient::RmContainer(const std::string& name) const {
  Exec("rmContainer", Json::array({name}), std::chrono::seconds(60));
}

Json MgmtClient::QueryContainers(const std::vector<std::string>& market_keys) const {
  const Json data = Exec("queryContainers", Json(market_keys));
  if (data.is_object() && data.contains("containers")) return data["containers"];
  return Json::array();
}

Json MgmtClient::FetchContainer(const std::string& name, const std::string& market_key) const {
  return Exec("fetchContainer", Json::array({name, market_key}));
}

void MgmtClient::StartContainer(const std::string& name) const {
  Exec("startContainer", Json::array({name}), std::chrono::minutes(2));
}

}  // namespace sc::platform
