#include "hooks/staging.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

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

[[noreturn]] void Fail(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

// Copies `source` to a new `target` and flushes it. Not fs::copy_file: libstdc++ reports a copy
// cut short by a full disk as "Input/output error", and the cause must reach the log.
void CopyAndSync(const fs::path& source, const fs::path& target) {
  const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) Fail("open", source);
  const int out = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    ::close(in);
    Fail("open", target);
  }
  const auto fail = [&](const std::string& what, const fs::path& path) {
    const int error = errno;
    ::close(in);
    ::close(out);
    errno = error;
    Fail(what, path);
  };
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(in, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail("read", source);
    if (got == 0) break;
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = ::write(out, buffer + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) fail("write", target);
      done += put;
    }
  }
  if (::fsync(out) != 0) fail("fsync", target);
  ::close(in);
  if (::close(out) != 0) Fail("close", target);
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
    CopyAndSync(source, part);
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
