#include "hooks/local_storage.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "common/auth/random.hpp"
#include "common/http/static_files.hpp"

namespace sc::hooks {
namespace {

bool IsNoRoom(int error) { return error == ENOSPC || error == EDQUOT; }

[[noreturn]] void Fail(const std::string& what, const std::filesystem::path& path) {
  const int error = errno;
  const std::string message = what + " " + path.string() + ": " + std::strerror(error);
  if (IsNoRoom(error)) throw StorageFull(message);
  throw std::runtime_error(message);
}

void WriteAll(int fd, const char* data, std::size_t size, const std::filesystem::path& path) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      Fail("write", path);
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

}  // namespace

bool IsOutOfSpace(const std::exception& error) {
  if (dynamic_cast<const StorageFull*>(&error)) return true;
  const auto* system = dynamic_cast<const std::system_error*>(&error);
  if (!system) return false;
  // On POSIX both categories carry errno values.
  const std::error_code code = system->code();
  return (code.category() == std::generic_category() || code.category() == std::system_category()) &&
         IsNoRoom(code.value());
}

std::string ReadWholeFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool IsSafeKey(std::string_view key) {
  if (key.empty() || key.size() > 1024 || key.front() == '/') return false;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t slash = std::min(key.find('/', start), key.size());
    const std::string_view part = key.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (unsigned char c : part) {
      if (c < 0x20 || c == 0x7f || c == '\\') return false;
    }
    start = slash + 1;
  }
  return true;
}

LocalStorage::LocalStorage(std::filesystem::path root) : root_(std::move(root)) {
  std::filesystem::create_directories(root_);
}

std::filesystem::path LocalStorage::PathOf(const std::string& key) const {
  if (!IsSafeKey(key)) throw std::invalid_argument("unsafe object key " + key);
  return root_ / key;
}

void LocalStorage::WriteAtomically(const std::filesystem::path& target,
                                   const std::function<void(int fd)>& write) {
  std::filesystem::create_directories(target.parent_path());
  // A dot name: never served (ResolveStaticFile refuses dot files) and swept as debris.
  const std::filesystem::path part =
      target.parent_path() / ("." + target.filename().string() + "." + auth::RandomHex(4) + ".part");
  int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) Fail("open", part);
  try {
    write(fd);
    if (::fsync(fd) != 0) Fail("fsync", part);
    // Some file systems report a full disk only when the file is closed.
    if (::close(std::exchange(fd, -1)) != 0) Fail("close", part);
    std::filesystem::rename(part, target);
  } catch (...) {
    if (fd >= 0) ::close(fd);
    // Nothing partial stays behind, and the cause (often "no space left") is what is reported.
    std::error_code ignored;
    std::filesystem::remove(part, ignored);
    throw;
  }
  // The rename itself must survive a power cut before the queue forgets the segment.
  const int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void LocalStorage::PutFile(const std::string& key, const std::filesystem::path& file, const std::string&) {
  const std::filesystem::path target = PathOf(key);
  const int in = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) Fail("open", file);
  try {
    WriteAtomically(target, [&](int out) {
      char buffer[1 << 16];
      for (;;) {
        const ssize_t got = ::read(in, buffer, sizeof(buffer));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) Fail("read", file);
        if (got == 0) break;
        WriteAll(out, buffer, static_cast<std::size_t>(got), target);
      }
    });
  } catch (...) {
    ::close(in);
    throw;
  }
  ::close(in);
}

void LocalStorage::PutText(const std::string& key, const std::string& body, const std::string&) {
  const std::filesystem::path target = PathOf(key);
  WriteAtomically(target, [&](int out) { WriteAll(out, body.data(), body.size(), target); });
}

std::optional<std::uint64_t> LocalStorage::SizeOf(const std::string& key) {
  std::error_code error;
  const auto size = std::filesystem::file_size(PathOf(key), error);
  if (error) return std::nullopt;
  return size;
}

std::optional<Storage::Location> LocalStorage::Locate(const std::string& key) {
  if (!IsSafeKey(key)) return std::nullopt;
  const auto file = http::ResolveStaticFile(root_, key);
  if (!file) return std::nullopt;
  return Location{*file};
}

}  // namespace sc::hooks
