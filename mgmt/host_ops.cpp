#include "mgmt/host_ops.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <spdlog/spdlog.h>

#include "common/http/api_error.hpp"
#include "common/http/client.hpp"
#include "common/http/url.hpp"
#include "common/tls/key_pair.hpp"
#include "mgmt/command.hpp"
#include "mgmt/runtime_paths.hpp"
#include "sc/version.hpp"

namespace sc::mgmt {

namespace fs = std::filesystem;
using http::ErrorCode;

bool IsValidDomain(const std::string& domain) {
  static const std::regex kDomain(R"(^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$)");
  return domain.size() <= 253 && std::regex_match(domain, kDomain);
}

namespace {

constexpr auto kCertbotTimeout = std::chrono::minutes(3);

[[noreturn]] void CannotWrite(const fs::path& path, int error) {
  throw http::Internal(ErrorCode::kSysSsl, "cannot write " + path.filename().string() + ": " +
                                               std::strerror(error));
}

// `content` in a new file beside `path` (a fresh name, so nothing planted there is followed),
// with `mode` from its creation, flushed to disk. The caller renames it over `path`: nginx never
// reads half a key, and a symlink left by Let's Encrypt is replaced rather than followed.
fs::path Stage(const fs::path& path, const std::string& content, mode_t mode) {
  std::string name = (path.parent_path() / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(name.data());  // 0600
  if (fd < 0) CannotWrite(path, errno);
  std::size_t written = 0;
  int error = 0;
  while (written < content.size() && error == 0) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n > 0) written += static_cast<std::size_t>(n);
    if (n < 0 && errno != EINTR) error = errno;
  }
  if (error == 0 && fchmod(fd, mode) != 0) error = errno;
  if (error == 0 && fsync(fd) != 0) error = errno;
  if (close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    unlink(name.c_str());
    CannotWrite(path, error);
  }
  return name;
}

void Commit(const fs::path& staged, const fs::path& path) {
  if (rename(staged.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(staged.c_str());
    CannotWrite(path, error);
  }
}

void WriteFileAtomically(const fs::path& path, const std::string& content, mode_t mode) {
  Commit(Stage(path, content, mode), path);
}

void ReplaceWithLink(const fs::path& link, const fs::path& target) {
  const fs::path temporary = link.string() + ".tmp";
  std::error_code ignored;
  fs::remove(temporary, ignored);
  fs::create_symlink(target, temporary);
  fs::rename(temporary, link);
}

}  // namespace

HostOps::HostOps(const config::Settings& settings, std::function<bool()> reload_front,
                 CertbotRunner certbot)
    : settings_(settings), reload_front_(std::move(reload_front)), certbot_(std::move(certbot)) {}

// Debian's certbot, or (under Docker) a transient certbot container with the same arguments;
// ACME_CA_BUNDLE reaches only the native one.
CommandResult HostOps::RunCertbot(const std::string& name, std::vector<std::string> args) const {
  if (certbot_) return certbot_(name, std::move(args), kCertbotTimeout);
  args.insert(args.begin(), Certbot());
  return RunCommand(args, CertbotEnv(), kCertbotTimeout);
}

fs::path HostOps::ssl_dir() const {
  return SslDir(settings_);
}

fs::path HostOps::letsencrypt(const char* part) const {
  return settings_.home() / "containers" / part;
}

void HostOps::ReloadFront() const {
  if (reload_front_ && reload_front_()) return;
  if (settings_.Has("NGINX_PID_FILE")) {
    std::ifstream file(settings_.Get("NGINX_PID_FILE"));
    long pid = 0;
    if (file >> pid && pid > 1 && kill(static_cast<pid_t>(pid), SIGHUP) == 0) return;
    throw http::Internal(ErrorCode::kSysSsl, "reload nginx: no running nginx in NGINX_PID_FILE");
  }
  if (process::FindProgram("systemctl") &&
      RunCommand({"systemctl", "is-active", "--quiet", "nginx.service"}, {}, std::chrono::seconds(10)).exit_code == 0) {
    const CommandResult result = RunCommand({"systemctl", "reload", "nginx.service"}, {}, std::chrono::seconds(30));
    if (result.exit_code != 0) throw http::Internal(ErrorCode::kSysSsl, "reload nginx failed: " + result.output);
    return;
  }
  spdlog::info("host: no nginx in front of mgmt; the certificate is used when one starts");
}

void HostOps::UpdateSslFile(const std::string& key, const std::string& crt) const {
  tls::ValidateKeyPair(key, crt);
  const std::lock_guard lock(certificates_);
  const fs::path dir = ssl_dir();
  fs::create_directories(dir);
  // Both written in full before either replaces the old one: a failure leaves the old pair.
  const fs::path staged_key = Stage(dir / "nginx.key", key, 0600);
  fs::path staged_crt;
  try {
    staged_crt = Stage(dir / "nginx.crt", crt, 0644);
  } catch (...) {
    unlink(staged_key.c_str());
    throw;
  }
  Commit(staged_key, dir / "nginx.key");
  Commit(staged_crt, dir / "nginx.crt");
  spdlog::info("host: TLS key and certificate replaced in {}", dir.string());
  ReloadFront();
}

std::string HostOps::Certbot() const {
  const std::optional<std::string> certbot = process::FindProgram(settings_.Get("CERTBOT", "certbot"));
  if (!certbot) throw http::Internal(ErrorCode::kSysSsl, "certbot is not installed");
  return *certbot;
}

std::vector<std::string> HostOps::CertbotStateArgs() const {
  std::vector<std::string> args = {"--config-dir", letsencrypt("etc/letsencrypt").string(),
                                   "--work-dir", letsencrypt("var/lib/letsencrypt").string(),
                                   "--logs-dir", letsencrypt("var/log/letsencrypt").string()};
  if (settings_.Has("ACME_SERVER")) args.insert(args.end(), {"--server", settings_.Get("ACME_SERVER")});
  return args;
}

process::EnvOverrides HostOps::CertbotEnv() const {
  if (!settings_.Has("ACME_CA_BUNDLE")) return {};
  return {{"REQUESTS_CA_BUNDLE", settings_.Get("ACME_CA_BUNDLE")}};
}

void HostOps::UpdateLetsEncrypt(const std::string& domain) const {
  if (!IsValidDomain(domain)) throw http::BadArgs(ErrorCode::kSysInvalid, "invalid domain=" + domain);
  const std::lock_guard lock(certificates_);
  std::vector<std::string> argv = {"certonly", "--webroot", "-w",
                                   (settings_.home() / "containers/www").string(), "-d", domain};
  const std::vector<std::string> state = CertbotStateArgs();
  argv.insert(argv.end(), state.begin(), state.end());
  argv.insert(argv.end(), {"--register-unsafely-without-email", "--agree-tos",
                           "--preferred-challenges", "http", "-n"});
  const CommandResult result = RunCertbot("certbot-certonly", std::move(argv));
  if (result.exit_code != 0) {
    throw http::Internal(ErrorCode::kSysSsl, "certbot failed (" + std::to_string(result.exit_code) +
                                                 "): " + result.output.substr(0, 2000));
  }
  const fs::path live = letsencrypt("etc/letsencrypt") / "live" / domain;
  for (const char* name : {"privkey.pem", "fullchain.pem"}) {
    if (!fs::exists(live / name)) {
      throw http::Internal(ErrorCode::kSysSsl, "issue file " + (live / name).string());
    }
  }
  const fs::path dir = ssl_dir();
  fs::create_directories(dir);
  // Links to certbot's live links, which it moves to each renewed certificate.
  ReplaceWithLink(dir / "nginx.key", live / "privkey.pem");
  ReplaceWithLink(dir / "nginx.crt", live / "fullchain.pem");  // the chain, not the leaf alone
  spdlog::info("host: Let's Encrypt certificate for {} linked in {}", domain, dir.string());
  ReloadFront();
}

std::map<std::string, fs::path> HostOps::LiveChains() const {
  std::map<std::string, fs::path> chains;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(letsencrypt("etc/letsencrypt") / "live", error)) {
    std::error_code link_error;
    const fs::path target = fs::read_symlink(entry.path() / "fullchain.pem", link_error);
    if (!link_error) chains[entry.path().filename().string()] = target;
  }
  return chains;
}

bool HostOps::FrontUsesLetsEncrypt() const {
  std::error_code error;
  const fs::path target = fs::read_symlink(ssl_dir() / "nginx.crt", error);
  if (error) return false;  // an uploaded certificate (a plain file)
  const fs::path live = fs::weakly_canonical(letsencrypt("etc/letsencrypt") / "live", error);
  const fs::path folder = fs::weakly_canonical(target.parent_path(), error);
  return !error && folder.parent_path() == live;
}

// The original's post-hook touched a signal file through a shell, and certbot stored that hook
// in the renewal configuration; comparing certbot's live links needs neither.
Json HostOps::RenewLetsEncrypt(bool force) const {
  const std::lock_guard lock(certificates_);
  std::vector<std::string> argv = {"renew"};
  const std::vector<std::string> state = CertbotStateArgs();
  argv.insert(argv.end(), state.begin(), state.end());
  argv.push_back("-n");
  if (force) argv.insert(argv.end(), {"--force-renewal", "--no-random-sleep-on-renew"});
  const auto before = LiveChains();
  const CommandResult result = RunCertbot("certbot-renew", std::move(argv));
  const bool renewed = LiveChains() != before;
  if (renewed && FrontUsesLetsEncrypt()) {
    ReloadFront();
  } else if (renewed) {
    spdlog::info("host: certificate renewed; the site keeps its uploaded certificate");
  }
  if (result.exit_code != 0) {
    throw http::Internal(ErrorCode::kSysSsl, "certbot renew failed (" + std::to_string(result.exit_code) +
                                                 "): " + result.output.substr(0, 2000));
  }
  return {{"stdout", result.output}, {"renewOk", renewed}};
}

void HostOps::AccessSsh(bool enable) const {
  const std::string key = settings_.Get("SSH_SUPPORT_PUBKEY");
  if (key.empty() || key.find('\n') != std::string::npos) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "no support key configured (SSH_SUPPORT_PUBKEY)");
  }
  const fs::path file = settings_.Get("AUTHORIZED_KEYS", "/root/.ssh/authorized_keys");
  std::vector<std::string> lines;
  {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line != key) lines.push_back(line);
    }
  }
  if (enable) lines.push_back(key);
  std::string content;
  for (const std::string& line : lines) content += line + "\n";
  fs::create_directories(file.parent_path());
  WriteFileAtomically(file, content, 0600);
  spdlog::warn("host: support SSH key {} in {}", enable ? "ENABLED" : "disabled", file.string());
}

namespace {

// The script's last words (its reason to stop), without the terminal's colour codes.
std::string LastLineOf(const std::string& output) {
  static const std::regex kColour("\x1b\\[[0-9;]*m");
  std::string line;
  std::istringstream lines(std::regex_replace(output, kColour, ""));
  for (std::string next; std::getline(lines, next);) {
    if (!next.empty()) line = next;
  }
  constexpr std::string_view kTag = "[srs-cloud] ";
  if (line.starts_with(kTag)) line.erase(0, kTag.size());
  return line;
}

}  // namespace

void HostOps::ExecUpgrade(const std::string& target) const {
  static const std::regex kTarget(R"(^(v\d+\.\d+\.\d+|stable|latest|lighthouse)$)");
  if (!std::regex_match(target, kTarget)) {
    throw http::BadArgs(ErrorCode::kSysInvalid, "invalid target=" + target);
  }
  // An installed release carries its scripts beside its binaries (<release>/bin, <release>/auto).
  const fs::path script = settings_.Has("UPGRADE_SCRIPT")
                              ? fs::path(settings_.Get("UPGRADE_SCRIPT"))
                              : fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "auto" / "upgrade";
  if (!fs::exists(script)) {
    throw http::Internal(ErrorCode::kSysResource,
                         "no upgrade script " + script.string() + " (install a release with auto/install, or set UPGRADE_SCRIPT)");
  }
  spdlog::info("host: upgrade to {} with {}", target, script.string());
  const CommandResult result = RunCommand({"bash", script.string(), target}, {},
                                          std::chrono::minutes(30), script.parent_path());
  spdlog::info("host: upgrade output: {}", result.output);
  if (result.exit_code != 0) {
    throw http::Internal(ErrorCode::kGeneric, "upgrade failed, exit " + std::to_string(result.exit_code) +
                                                  ": " + LastLineOf(result.output));
  }
}

Json HostOps::RefreshVersion(Json params) const {
  const std::string version = std::string("v") + std::string(kVersion);
  params["version"] = version;
  params["ts"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  std::string query;
  for (const auto& [name, value] : params.items()) {
    if (!query.empty()) query += '&';
    query += http::PercentEncode(name) + "=" +
             http::PercentEncode(value.is_string() ? value.get<std::string>() : value.dump());
  }
  const std::string base = settings_.Get(
      "RELEASES_URL", "http://127.0.0.1:" + std::to_string(settings_.Port(config::kReleasesPort)));
  http::ClientRequest request;
  request.url = base + "/terraform/v1/releases?" + query;
  request.timeout = std::chrono::seconds(10);
  const Json answer = http::FetchJson(request, nullptr);
  return {{"version", version}, {"stable", answer.value("stable", Json())},
          {"latest", answer.value("latest", Json())}};
}

}  // namespace sc::mgmt

namespace sc::mgmt {

void EnsureSelfSignedCertificate(const fs::path& ssl_dir) {
  fs::create_directories(ssl_dir);
  const fs::path key = ssl_dir / "nginx.key";
  const fs::path crt = ssl_dir / "nginx.crt";
  if (fs::exists(key) && fs::exists(crt)) return;
  if (!process::FindProgram("openssl")) {
    throw std::runtime_error("openssl is not installed, cannot make a certificate");
  }
  const CommandResult result = RunCommand(
      {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj",
       "/CN=srs-cloud", "-keyout", key.string(), "-out", crt.string()},
      {}, std::chrono::seconds(60));
  if (result.exit_code != 0) throw std::runtime_error("openssl failed: " + result.output);
  chmod(key.c_str(), 0600);
  spdlog::info("host: made a self-signed certificate in {}", ssl_dir.string());
}

}  // namespace sc::mgmt
