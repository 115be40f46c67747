#include "hooks/staging.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "common/auth/random.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPartSuffix = ".part";

void FsyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Staging::Staging(fs::path dir, std::uint64_t limit_bytes) : dir_(std::move(dir)), limit_bytes_(limit_bytes) {
  fs::create_directories(dir_);
  Recount();
}

std::optional<fs::path> Staging::Admit(const fs::path& source, const std::string& tsid) {
  const std::uint64_t size = fs::file_size(source);
  // Reserve first, so concurrent callbacks cannot all pass the check.
  const std::uint64_t before = bytes_.fetch_add(size);
  if (before + size > limit_bytes_) {
    bytes_.fetch_sub(size);
    refused_.fetch_add(1);
    return std::nullopt;
  }
  const fs::path target = dir_ / (tsid + ".ts");
  const fs::path part = dir_ / (tsid + ".ts" + std::string(kPartSuffix));
  try {
    fs::copy_file(source, part, fs::copy_options::overwrite_existing);
    FsyncPath(part, O_RDONLY);
    fs::rename(part, target);
    FsyncPath(dir_, O_RDONLY | O_DIRECTORY);
  } catch (...) {
    bytes_.fetch_sub(size);
    refused_.fetch_add(1);
    std::error_code ignored;
    fs::remove(part, ignored);
    throw;
  }
  return target;
}

void Staging::Remove(const fs::path& file) {
  std::error_code error;
  const std::uint64_t size = fs::file_size(file, error);
  if (error) return;
  if (fs::remove(file, error)) bytes_.fetch_sub(std::min<std::uint64_t>(size, bytes_.load()));
}

void Staging::Sweep(const std::set<std::string>& referenced, std::chrono::seconds min_age) {
  const auto cutoff = fs::file_time_type::clock::now() - min_age;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    const fs::path& path = entry.path();
    std::error_code stat_error;
    if (!entry.is_regular_file(stat_error) || entry.last_write_time(stat_error) > cutoff) continue;
    const std::string name = path.filename().string();
    const bool debris = name.ends_with(kPartSuffix);
    const bool orphan = name.ends_with(".ts") && !referenced.contains(name.substr(0, name.size() - 3));
    if (debris || orphan) {
      spdlog::warn("staging: removing {} {}", debris ? "partial copy" : "unreferenced segment", path.string());
      fs::remove(path, stat_error);
    }
  }
  Recount();
}

std::pair<std::uint64_t, std::uint64_t> Staging::Count() const {
  std::uint64_t files = 0, bytes = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::error_code stat_error;
    if (!entry.is_regular_file(stat_error) || entry.path().filename().string().ends_with(kPartSuffix)) continue;
    ++files;
    bytes += entry.file_size(stat_error);
  }
  return {files, bytes};
}

void Staging::Recount() { bytes_ = Count().second; }

Backlog Staging::backlog() const {
  const auto [files, bytes] = Count();
  return {.files = files, .bytes = bytes, .limit_bytes = limit_bytes_, .refused = refused_.load()};
}

}  // namespace sc::hooks
