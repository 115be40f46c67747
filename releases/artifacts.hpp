#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sc::releases {

// A release tarball the upgrade scripts can download (port-decisions.md §6).
struct Artifact {
  std::string name{};    // "srs-cloud-v1.2.3.tar.gz"
  std::string sha256{};  // of the content
  std::uintmax_t size = 0;
};

// The local release artifacts in one folder (RELEASES_DIR), served by name. Only plain
// names of regular files directly inside the folder are ever resolved: no "..", no
// separators, no dot-files, no symlink leading out of it. Thread-safe; digests are cached
// until the file's size or time changes.
class ArtifactStore {
 public:
  explicit ArtifactStore(std::filesystem::path folder);

  bool enabled() const { return !folder_.empty(); }

  // The artifact of a version: "srs-cloud-<version>.tar.gz", if present.
  std::optional<Artifact> ForVersion(const std::string& version);

  // The file to serve for a requested name, if it is one of ours.
  std::optional<std::filesystem::path> Resolve(const std::string& name) const;

 private:
  struct Cached {
    std::filesystem::file_time_type time{};
    std::uintmax_t size = 0;
    std::string sha256{};
  };

  const std::filesystem::path folder_;
  std::mutex mutex_;
  std::map<std::string, Cached> digests_{};  // guarded by mutex_
};

}  // namespace sc::releases
