#pragma once
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace sc::mgmt {

// A log file that never grows past `max_bytes`: when a write would cross it, name.log becomes
// name.log.1 (name.log.1 becomes .2 ... up to `max_files` kept, the oldest dropped) and a new
// name.log starts. Not thread-safe: one owner writes.
class RotatingLog {
 public:
  RotatingLog(std::filesystem::path path, std::uint64_t max_bytes, int max_files);
  ~RotatingLog();
  RotatingLog(const RotatingLog&) = delete;
  RotatingLog& operator=(const RotatingLog&) = delete;

  void Write(std::string_view bytes);
  const std::filesystem::path& path() const { return path_; }

 private:
  void Open();
  void Rotate();

  const std::filesystem::path path_;
  const std::uint64_t max_bytes_;
  const int max_files_;
  std::FILE* file_ = nullptr;
  std::uint64_t size_ = 0;
};

}  // namespace sc::mgmt
