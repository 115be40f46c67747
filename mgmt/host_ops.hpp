#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/config/settings.hpp"
#include "common/json.hpp"
#include "common/process/spawn.hpp"
#include "mgmt/command.hpp"

namespace sc::mgmt {

// Runs certbot as `name` (certbot-certonly, certbot-renew) with `args` (after the program name)
// for at most `timeout`. Unset: the native certbot (CERTBOT on PATH); under Docker, a transient
// container (DockerRuntime::RunOnce).
using CertbotRunner = std::function<CommandResult(
    const std::string& name, std::vector<std::string> args, std::chrono::milliseconds timeout)>;

// The privileged host steps behind /terraform/v1/host/exec (spec/mgmt.md §3.1, §6–§8) with the
// port's fixes: argv only, validated inputs, fullchain for nginx, timeouts, no logged secrets.
// Paths come from the runtime folder (SRS_CLOUD_HOME) unless configured:
//   SSL_DIR (containers/ssl: nginx.key, nginx.crt), letsencrypt state under containers/,
//   the front nginx mgmt runs, else NGINX_PID_FILE (SIGHUP), else a systemd nginx.service
//   (`systemctl reload`), else nothing to reload,
//   CERTBOT (certbot on PATH), ACME_SERVER (certbot --server: another ACME directory than Let's
//   Encrypt's, e.g. a staging one), ACME_CA_BUNDLE (the CA that server's HTTPS certificate
//   chains to; certbot verifies it, it never runs with --no-verify-ssl),
//   UPGRADE_SCRIPT (auto/upgrade beside the binaries), SSH_SUPPORT_PUBKEY, AUTHORIZED_KEYS.
class HostOps {
 public:
  // `reload_front` reloads the nginx mgmt supervises, if any; false when there is none.
  HostOps(const config::Settings& settings, std::function<bool()> reload_front = {},
          CertbotRunner certbot = {});

  // Checks that key and certificate parse and belong together (nothing is written otherwise),
  // writes both beside the old ones (key mode 0600 from creation), renames them over
  // nginx.key/nginx.crt (a reader sees the old file or the new one, never a part), reloads.
  void UpdateSslFile(const std::string& key, const std::string& crt) const;
  // certbot certonly --webroot for `domain`, then links privkey/fullchain and reloads.
  void UpdateLetsEncrypt(const std::string& domain) const;
  // certbot renew (its stored webroot answers the challenge); {stdout, renewOk}. renewOk: a
  // certificate changed. Reloads the front when nginx's files are linked to Let's Encrypt's.
  Json RenewLetsEncrypt(bool force) const;
  // Adds or removes the configured support key in authorized_keys.
  void AccessSsh(bool enable) const;
  // Runs the upgrade script for `target` (v1.2.3 or a release channel name); blocks.
  void ExecUpgrade(const std::string& target) const;
  // Asks the releases service: {version, stable, latest}.
  Json RefreshVersion(Json params) const;

  std::filesystem::path ssl_dir() const;

 private:
  void ReloadFront() const;
  CommandResult RunCertbot(const std::string& name, std::vector<std::string> args) const;
  std::filesystem::path letsencrypt(const char* part) const;
  std::string Certbot() const;
  // --config-dir, --work-dir, --logs-dir under containers/, and --server when configured.
  std::vector<std::string> CertbotStateArgs() const;
  process::EnvOverrides CertbotEnv() const;
  // live/<domain> -> the archive file its fullchain.pem points to now (certbot moves the link
  // when it renews).
  std::map<std::string, std::filesystem::path> LiveChains() const;
  bool FrontUsesLetsEncrypt() const;

  const config::Settings& settings_;
  const std::function<bool()> reload_front_;
  const CertbotRunner certbot_;
  mutable std::mutex certificates_;  // one change of the site's certificate at a time
};

// A hostname certbot may be asked for: labels of [A-Za-z0-9-], dots between, no "..".
bool IsValidDomain(const std::string& domain);

}  // namespace sc::mgmt

namespace sc::mgmt {
// A self-signed nginx.key/nginx.crt in `ssl_dir` when either is missing (the original's
// installer made one), so the HTTPS listener can start before a real certificate exists.
void EnsureSelfSignedCertificate(const std::filesystem::path& ssl_dir);
}  // namespace sc::mgmt
