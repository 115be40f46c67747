#include "releases/artifacts.hpp"

#include <algorithm>
#include <cctype>

#include "common/auth/digest.hpp"

namespace sc::releases {
namespace {

bool IsPlainName(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.size() > 200) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

ArtifactStore::ArtifactStore(std::filesystem::path folder) : folder_(std::move(folder)) {}

std::optional<std::filesystem::path> ArtifactStore::Resolve(const std::string& name) const {
  if (!enabled() || !IsPlainName(name) || name.find("..") != std::string::npos) return std::nullopt;
  std::error_code error;
  const std::filesystem::path root = std::filesystem::canonical(folder_, error);
  if (error) return std::nullopt;
  const std::filesystem::path file = std::filesystem::canonical(root / name, error);
  if (error || file.parent_path() != root || !std::filesystem::is_regular_file(file, error)) {
    return std::nullopt;
  }
  return file;
}

std::optional<Artifact> ArtifactStore::ForVersion(const std::string& version) {
  const std::string name = "srs-cloud-" + version + ".tar.gz";
  const auto file = Resolve(name);
  if (!file) return std::nullopt;
  std::error_code error;
  const auto size = std::filesystem::file_size(*file, error);
  const auto time = std::filesystem::last_write_time(*file, error);
  if (error) return std::nullopt;
  {
    std::lock_guard lock(mutex_);
    if (auto it = digests_.find(name);
        it != digests_.end() && it->second.size == size && it->second.time == time) {
      return Artifact{name, it->second.sha256, size};
    }
  }
  std::string sha256 = auth::Sha256FileHex(*file);
  std::lock_guard lock(mutex_);
  digests_[name] = {time, size, sha256};
  return Artifact{name, std::move(sha256), size};
}

}  // namespace sc::releases
