#pragma once
#include <map>
#include <string>

#include "common/auth/token_auth.hpp"
#include "common/config/settings.hpp"
#include "common/http/message.hpp"
#include "common/redis/client.hpp"
#include "mgmt/host_ops.hpp"
#include "mgmt/service_runtime.hpp"

namespace sc::mgmt {

// POST /terraform/v1/host/exec (spec/mgmt.md §3), hardened per port-decisions.md §4: only on a
// loopback connection that carries no proxy header (nginx and mgmt's own proxy add them), only
// with a valid token, only the fixed actions of §3.1 with validated arguments, nothing run
// through a shell, arguments never logged (updateSslFile carries a private key).
class HostExec {
 public:
  HostExec(const auth::TokenAuth& auth, config::Settings& settings, redis::Client& redis,
           ServiceRuntime& runtime, const HostOps& ops);

  Json Handle(const http::Request& request) const;

 private:
  using ActionTable =
      std::map<std::string, Json (*)(const HostExec&, const Json& args), std::less<>>;
  static const ActionTable& Actions();
  Json FetchContainer(const Json& args) const;
  Json QueryContainers(const Json& args) const;

  const auth::TokenAuth& auth_;
  config::Settings& settings_;
  redis::Client& redis_;
  ServiceRuntime& runtime_;
  const HostOps& ops_;
};

}  // namespace sc::mgmt
