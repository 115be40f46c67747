#include "mgmt/host_exec.hpp"

#include <spdlog/spdlog.h>

#include <regex>

#include "common/config/catalogue.hpp"
#include "common/http/api_error.hpp"
#include "common/http/client_address.hpp"
#include "common/redis/keys.hpp"
#include "mgmt/host_info.hpp"
#include "sc/version.hpp"

namespace sc::mgmt {

using http::BadArgs;
using http::ErrorCode;

namespace {

bool CameThroughProxy(const http::Request& request) {
  for (const char* header : {"X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Forwarded-Proto"}) {
    if (request.headers.Has(header)) return true;
  }
  return false;
}

// args[index] as a non-empty string, else 1000/422 `missing`.
std::string StringArg(const Json& args, std::size_t index, const std::string& missing) {
  if (index >= args.size() || args[index].is_null()) throw BadArgs(ErrorCode::kSysEmpty, missing);
  if (!args[index].is_string()) throw BadArgs(ErrorCode::kSysInvalid, missing.substr(3) + " must be a string");
  const std::string value = args[index].get<std::string>();
  if (value.empty()) throw BadArgs(ErrorCode::kSysEmpty, missing);
  return value;
}

std::string ContainerNameArg(const Json& args) {
  std::string name = StringArg(args, 0, "no name");
  static const std::regex kName("^[a-z0-9][a-z0-9_.-]{0,62}$");
  if (!std::regex_match(name, kName)) throw BadArgs(ErrorCode::kSysInvalid, "invalid name=" + name);
  return name;
}

}  // namespace

HostExec::HostExec(const auth::TokenAuth& auth, config::Settings& settings, redis::Client& redis,
                   ServiceRuntime& runtime, const HostOps& ops)
    : auth_(auth), settings_(settings), redis_(redis), runtime_(runtime), ops_(ops) {}

Json HostExec::Handle(const http::Request& request) const {
  if (!http::IsLoopback(request.remote_address) || CameThroughProxy(request)) {
    throw http::ApiError(ErrorCode::kSysAuth, 403, "host exec is served to local callers only");
  }
  const Json& body = request.json;
  if (!body.contains("token") || !IsTruthy(body["token"])) {
    throw http::Unauthorized(ErrorCode::kSysEmpty, "no token");
  }
  if (!body.contains("action") || !IsTruthy(body["action"])) {
    throw BadArgs(ErrorCode::kSysEmpty, "no action");
  }
  const std::string action = body["action"].is_string() ? body["action"].get<std::string>() : body["action"].dump();
  if (!Actions().contains(action)) throw BadArgs(ErrorCode::kSysInvalid, "invalid action=" + action);
  auth_.VerifyBody(body);
  const Json args = body.contains("args") ? body["args"] : Json::array();
  if (!args.is_array()) throw BadArgs(ErrorCode::kSysInvalid, "invalid args, must be an array");
  spdlog::info("host exec: {}", action);  // never the args: updateSslFile carries a private key
  return Actions().at(action)(*this, args);
}

// The one list of actions (spec/mgmt.md §3.1; the template action `xxx` is dropped): what is
// accepted and what each does.
const HostExec::ActionTable& HostExec::Actions() {
  static const ActionTable actions = {
      {"fetchContainer", [](const HostExec& self, const Json& args) { return self.FetchContainer(args); }},
      {"queryContainers", [](const HostExec& self, const Json& args) { return self.QueryContainers(args); }},
      {"rmContainer",
       [](const HostExec& self, const Json& args) {
         self.runtime_.Remove(ContainerNameArg(args));
         return Json();
       }},
      // The port builds every service from its own catalogue: docker arguments a caller may pass
      // (the original's args[1]) are not used.
      {"startContainer",
       [](const HostExec& self, const Json& args) {
         self.runtime_.Start(ContainerNameArg(args));
         return Json();
       }},
      {"reloadEnv",
       [](const HostExec& self, const Json&) {
         self.settings_.Reload();
         return Json();
       }},
      {"queryVersion",
       [](const HostExec&, const Json&) { return Json{{"version", "v" + std::string(kVersion)}}; }},
      {"refreshVersion",
       [](const HostExec& self, const Json& args) {
         if (args.empty() || !args[0].is_object()) throw BadArgs(ErrorCode::kSysEmpty, "no params");
         return self.ops_.RefreshVersion(args[0]);
       }},
      {"execUpgrade",
       [](const HostExec& self, const Json& args) {
         self.ops_.ExecUpgrade(StringArg(args, 0, "no target"));
         return Json();
       }},
      {"updateSslFile",
       [](const HostExec& self, const Json& args) {
         const std::string key = StringArg(args, 0, "no key");
         self.ops_.UpdateSslFile(key, StringArg(args, 1, "no crt"));
         return Json();
       }},
      {"updateLetsEncrypt",
       [](const HostExec& self, const Json& args) {
         self.ops_.UpdateLetsEncrypt(StringArg(args, 0, "no domain"));
         return Json();
       }},
      {"renewLetsEncrypt",
       [](const HostExec& self, const Json& args) {
         return self.ops_.RenewLetsEncrypt(!args.empty() && IsTruthy(args[0]));
       }},
      {"accessSsh",
       [](const HostExec& self, const Json& args) {
         const std::string enabled = StringArg(args, 0, "no enabled");
         if (enabled != "enable" && enabled != "disable") {
           throw BadArgs(ErrorCode::kSysInvalid, "invalid enabled=" + enabled);
         }
         self.ops_.AccessSsh(enabled == "enable");
         return Json();
       }},
      {"cwd", [](const HostExec& self, const Json&) { return Json{{"cwd", self.settings_.home().string()}}; }},
      {"ipv4", [](const HostExec&, const Json&) { return DetectPrivateIpv4(); }},
      {"hostPlatform", [](const HostExec&, const Json&) { return Json{{"platform", "linux"}}; }},
  };
  return actions;
}

Json HostExec::FetchContainer(const Json& args) const {
  const std::string name = ContainerNameArg(args);
  Json result = {{"all", Json::object()}, {"running", Json::object()}};
  if (auto all = runtime_.Inspect(name, false)) result["all"] = *all;
  if (auto running = runtime_.Inspect(name, true)) result["running"] = *running;
  return result;
}

Json HostExec::QueryContainers(const Json& args) const {
  if (args.empty()) throw BadArgs(ErrorCode::kSysEmpty, "no name");
  Json containers = Json::array();
  for (const Json& key : args) {
    if (!key.is_string()) continue;
    const auto entry = config::FindByMarketKey(key.get<std::string>());
    if (!entry) continue;
    const std::string name(entry->container);
    const std::string disabled =
        redis_.Hget(redis::keys::kSrsContainerDisabled, name).value_or("");
    Json container = {{"ID", nullptr}, {"State", nullptr}, {"Status", nullptr}};
    if (auto state = runtime_.Inspect(name, false)) {
      container = {{"ID", (*state)["ID"]}, {"State", (*state)["State"]}, {"Status", (*state)["Status"]}};
    }
    containers.push_back({{"name", name}, {"enabled", disabled != "true"}, {"container", container}});
  }
  return {{"containers", containers}};
}

}  // namespace sc::mgmt
