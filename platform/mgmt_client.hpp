#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/token_auth.hpp"
#include "common/json.hpp"

namespace sc::platform {

// The one typed client of mgmt's host RPC (POST /terraform/v1/host/exec, spec/mgmt.md §3),
// each call with a fresh token signed by the API secret. Failures are http::ApiError: mgmt's own
// code, status and message when it answered with the envelope, else code 1 / HTTP 500 naming the
// action (the original returned nothing and reported success).
class MgmtClient {
 public:
  MgmtClient(std::string base_url, const auth::TokenAuth& auth);

  // Returns the answer's `data` (null when it has none).
  Json Exec(std::string_view action, Json args,
            std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  void ReloadEnv() const;
  // {version, stable, latest}: mgmt adds version and ts and asks the releases service.
  Json RefreshVersion(const Json& params) const;
  // Blocks while mgmt upgrades; a connection cut by mgmt's own restart counts as started.
  void ExecUpgrade(const std::string& target) const;
  void UpdateSslFile(const std::string& key, const std::string& crt) const;
  void UpdateLetsEncrypt(const std::string& domain) const;
  Json RenewLetsEncrypt(bool force) const;  // {stdout, renewOk}
  void AccessSsh(bool enable) const;
  void RmContainer(const std::string& name) const;
  Json QueryContainers(const std::vector<std::string>& market_keys) const;  // the array
  Json FetchContainer(const std::string& name, const std::string& market_key) const;
  void StartContainer(const std::string& name) const;

 private:
  // Exec without the translation of transport failures (http::ClientError passes through).
  Json Send(std::string_view action, Json args, std::chrono::milliseconds timeout) const;

  const std::string url_;
  const auth::TokenAuth& auth_;
};

}  // namespace sc::platform
