#include "common/config/settings.hpp"

#include "common/util/text.hpp"

#include <chrono>
#include <climits>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

extern char** environ;

namespace sc::config {
namespace {

std::map<std::string, std::string, std::less<>> CaptureEnvironment() {
  std::map<std::string, std::string, std::less<>> environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    const size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    environment.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return environment;
}

}  // namespace

Settings Settings::FromProcess() {
  auto environment = CaptureEnvironment();
  std::filesystem::path home = std::filesystem::current_path();
  if (auto it = environment.find("SRS_CLOUD_HOME"); it != environment.end() && !it->second.empty()) {
    home = it->second;
  }
  return Settings(std::move(home), std::move(environment));
}

Settings::Settings(std::filesystem::path home,
                   std::map<std::string, std::string, std::less<>> environment)
    : home_(std::move(home)), environment_(std::move(environment)) {
  Reload();
}

std::string Settings::Get(std::string_view name, std::string_view fallback) const {
  // An empty environment variable does not hide the file's value.
  if (auto it = environment_.find(name); it != environment_.end() && !it->second.empty()) {
    return it->second;
  }
  std::shared_lock lock(mutex_);
  if (auto it = file_.find(name); it != file_.end()) return it->second;
  return std::string(fallback);
}

bool Settings::Has(std::string_view name) const { return !Get(name).empty(); }

int Settings::Int(std::string_view name, int fallback) const {
  const std::string text = Get(name);
  if (text.empty()) return fallback;
  const auto value = util::ParseInteger(text);
  if (!value || *value < INT_MIN || *value > INT_MAX) {
    throw std::invalid_argument(std::string(name) + "=" + text + " is not an integer");
  }
  return static_cast<int>(*value);
}

std::uint16_t Settings::Port(const PortSetting& port) const {
  const int value = Int(port.variable, port.fallback);
  if (value < 1 || value > 65535) {
    throw std::invalid_argument(std::string(port.variable) + "=" + std::to_string(value) +
                                " is not a port (1-65535)");
  }
  return static_cast<std::uint16_t>(value);
}

bool Settings::Bool(std::string_view name, bool fallback) const {
  const std::string text = Get(name);
  if (text.empty()) return fallback;
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  throw std::invalid_argument(std::string(name) + "=" + text + " is not a boolean");
}

std::vector<std::string> Settings::List(std::string_view name) const {
  std::vector<std::string> items;
  const std::string text = Get(name);
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    if (const std::string_view item = rest.substr(0, comma); !item.empty()) items.emplace_back(item);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return items;
}

redis::Options Settings::Redis() const {
  redis::Options options;
  options.host = Get("REDIS_HOST", "127.0.0.1");
  options.port = Port(kRedisPort);
  options.password = Get("REDIS_PASSWORD");
  return options;
}

std::string Settings::ListenAddress() const { return Get("LISTEN_ADDRESS", "127.0.0.1"); }

void Settings::Reload() { LoadFile(); }

void Settings::LoadFile() const {
  std::error_code ignored;
  const auto time = std::filesystem::last_write_time(env_file(), ignored);
  std::map<std::string, std::string, std::less<>> file;
  for (auto& [key, value] : ReadEnvFile(env_file())) file[key] = std::move(value);
  std::unique_lock lock(mutex_);
  file_ = std::move(file);
  file_time_ = time;
}

void Settings::ReloadIfChanged() const {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  std::int64_t due = next_check_ms_.load();
  if (now < due || !next_check_ms_.compare_exchange_strong(due, now + 1000)) return;
  std::error_code ignored;
  const auto time = std::filesystem::last_write_time(env_file(), ignored);
  {
    std::shared_lock lock(mutex_);
    if (time == file_time_) return;
  }
  LoadFile();
}

std::string Settings::MgmtPassword() const {
  ReloadIfChanged();
  return Get("MGMT_PASSWORD");
}

void Settings::Save(const EnvEntries& updates,
                    const std::function<void(const EnvEntries&)>& check) {
  SaveEnvs(env_file(), updates, MgmtPassword(), check);
  Reload();
}

}  // namespace sc::config
