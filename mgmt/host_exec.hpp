#pragma once
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
  Json Run(const std::string& action, const Json& args) const;
  Json FetchContainer(const Json& args) const;
  Json QueryContainers(const Json& args) const;

  const auth::TokenAuth& auth_;
  config::Settings& settings_;
  redis::Client& redis_;
  ServiceRuntime& runtime_;
  const HostOps& ops_;
};

// The actions of spec/mgmt.md §3.1 this port serves (the template action `xxx` is dropped).
bool IsHostAction(const std::string& action);

}  // namespace sc::mgmt
