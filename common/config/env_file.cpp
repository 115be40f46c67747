#include "common/config/env_file.hpp"

#include "common/util/text.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sc::config {
namespace {

constexpr std::string_view kPasswordKey = "MGMT_PASSWORD";

bool IsKeyChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '.' || c == '-'; }

void Upsert(EnvEntries& entries, std::string key, std::string value) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const auto& entry) { return entry.first == key; });
  if (it == entries.end()) {
    entries.emplace_back(std::move(key), std::move(value));
  } else {
    it->second = std::move(value);
  }
}

void Validate(const std::string& key, const std::string& value) {
  if (key.empty() || !std::all_of(key.begin(), key.end(), IsKeyChar)) {
    throw std::invalid_argument("invalid .env key \"" + key + "\"");
  }
  if (value.find_first_of(std::string_view("\n\r\0", 3)) != std::string::npos) {
    throw std::invalid_argument("invalid value for " + key + ": newline, CR or NUL");
  }
}

// Writes a value so that ParseEnv reads it back unchanged.
std::string Quote(const std::string& key, const std::string& value) {
  const bool plain = util::Trim(value) == value &&
                     (value.empty() || (value.front() != '"' && value.front() != '\''));
  if (plain) return value;
  if (value.find('\'') == std::string::npos) return "'" + value + "'";
  if (value.find('"') == std::string::npos && value.find("\\n") == std::string::npos) {
    return "\"" + value + "\"";
  }
  throw std::invalid_argument("value for " + key + " cannot be stored in .env");
}

std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  for (off_t offset = 0;;) {
    const ssize_t n = pread(fd, buffer, sizeof(buffer), offset);
    if (n < 0) throw std::runtime_error(std::string("read .env: ") + std::strerror(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    offset += n;
  }
  return text;
}

}  // namespace

EnvEntries ParseEnv(std::string_view text) {
  EnvEntries entries;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    line = util::Trim(line);
    size_t key_end = 0;
    while (key_end < line.size() && IsKeyChar(static_cast<unsigned char>(line[key_end]))) ++key_end;
    if (key_end == 0) continue;
    std::string_view rest = util::Trim(line.substr(key_end));
    if (!rest.starts_with('=')) continue;
    std::string_view raw = util::Trim(rest.substr(1));
    std::string value;
    const bool double_quoted = raw.size() >= 2 && raw.front() == '"' && raw.back() == '"';
    const bool single_quoted = raw.size() >= 2 && raw.front() == '\'' && raw.back() == '\'';
    if (double_quoted || single_quoted) {
      raw = raw.substr(1, raw.size() - 2);
      if (double_quoted) {
        for (size_t i = 0; i < raw.size(); ++i) {
          if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == 'n') {
            value.push_back('\n');
            ++i;
          } else {
            value.push_back(raw[i]);
          }
        }
      } else {
        value = raw;
      }
    } else {
      value = raw;
    }
    Upsert(entries, std::string(line.substr(0, key_end)), std::move(value));
  }
  return entries;
}

EnvEntries ReadEnvFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return ParseEnv(text.str());
}

std::string FormatEnv(const EnvEntries& entries, std::string_view password) {
  std::string text;
  if (!password.empty()) {
    text.append(kPasswordKey).append("=").append(Quote(std::string(kPasswordKey), std::string(password)));
    text.append("\n\n");
  }
  for (const auto& [key, value] : entries) {
    if (key == kPasswordKey || value.empty()) continue;
    text.append(key).append("=").append(Quote(key, value)).append("\n");
  }
  return text;
}

EnvEntries SaveEnvs(const std::filesystem::path& file, const EnvEntries& updates,
                    std::string_view current_password,
                    const std::function<void(const EnvEntries&)>& check) {
  for (const auto& [key, value] : updates) Validate(key, value);

  const int fd = open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("open " + file.string() + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() {
      flock(fd, LOCK_UN);
      close(fd);
    }
  } closer{fd};
  // spec/common.md §3.3 note: concurrent writers (several daemons) are serialised.
  if (flock(fd, LOCK_EX) != 0) {
    throw std::runtime_error("lock " + file.string() + ": " + std::strerror(errno));
  }
  EnvEntries merged = ParseEnv(ReadAll(fd));
  if (check) check(merged);
  for (const auto& [key, value] : updates) Upsert(merged, key, value);

  std::string password;
  const auto update = std::find_if(updates.begin(), updates.end(),
                                   [](const auto& entry) { return entry.first == kPasswordKey; });
  if (update != updates.end()) {
    password = update->second;
  } else if (!current_password.empty()) {
    password = current_password;
  } else {
    for (const auto& [key, value] : merged) {
      if (key == kPasswordKey) password = value;
    }
  }
  const std::string text = FormatEnv(merged, password);

  // In place: truncate and rewrite the same inode, never rename a temporary over it.
  if (ftruncate(fd, 0) != 0) {
    throw std::runtime_error("truncate " + file.string() + ": " + std::strerror(errno));
  }
  for (size_t written = 0; written < text.size();) {
    const ssize_t n = pwrite(fd, text.data() + written, text.size() - written,
                             static_cast<off_t>(written));
    if (n < 0) throw std::runtime_error("write " + file.string() + ": " + std::strerror(errno));
    written += static_cast<size_t>(n);
  }
  fsync(fd);
  std::erase_if(merged, [](const auto& entry) { return entry.second.empty(); });
  return merged;
}

}  // namespace sc::config
