#include "mgmt/rotating_log.hpp"

#include <spdlog/spdlog.h>

namespace sc::mgmt {

namespace fs = std::filesystem;

RotatingLog::RotatingLog(fs::path path, std::uint64_t max_bytes, int max_files)
    : path_(std::move(path)), max_bytes_(std::max<std::uint64_t>(max_bytes, 1024)),
      max_files_(std::max(max_files, 1)) {
  std::error_code ignored;
  fs::create_directories(path_.parent_path(), ignored);
  Open();
}

RotatingLog::~RotatingLog() {
  if (file_) std::fclose(file_);
}

void RotatingLog::Open() {
  file_ = std::fopen(path_.c_str(), "ae");
  if (!file_) {
    spdlog::warn("log {}: cannot open, output dropped", path_.string());
    size_ = 0;
    return;
  }
  std::error_code ignored;
  size_ = fs::file_size(path_, ignored);
  if (ignored) size_ = 0;
}

void RotatingLog::Rotate() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  std::error_code ignored;
  const auto numbered = [this](int n) { return fs::path(path_.string() + "." + std::to_string(n)); };
  fs::remove(numbered(max_files_), ignored);
  for (int n = max_files_ - 1; n >= 1; --n) fs::rename(numbered(n), numbered(n + 1), ignored);
  fs::rename(path_, numbered(1), ignored);
  Open();
}

void RotatingLog::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (size_ >= max_bytes_) Rotate();
    if (!file_) return;
    const std::size_t room = static_cast<std::size_t>(max_bytes_ - size_);
    const std::string_view part = bytes.substr(0, std::min(room, bytes.size()));
    const std::size_t written = std::fwrite(part.data(), 1, part.size(), file_);
    size_ += written;
    if (written < part.size()) return;  // disk full: drop rather than block the supervisor
    bytes.remove_prefix(part.size());
  }
  std::fflush(file_);
}

}  // namespace sc::mgmt
