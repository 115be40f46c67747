#pragma once
#include <filesystem>

#include "hooks/storage.hpp"

namespace sc::hooks {

// Objects as files under `root` (DVR_LOCAL_DIR, by default $SRS_CLOUD_HOME/containers/data/record):
// "<root>/<uuid>/<tsid>.ts" and "<root>/<uuid>/index.m3u8", an HLS folder per session that the
// hooks daemon serves. Writes go to a temporary file, are flushed to disk, then renamed.
class LocalStorage final : public Storage {
 public:
  explicit LocalStorage(std::filesystem::path root);

  std::string kind() const override { return "local"; }
  std::string bucket() const override { return "local"; }
  std::string region() const override { return "srs-cloud"; }
  void PutFile(const std::string& key, const std::filesystem::path& file,
               const std::string& content_type) override;
  void PutText(const std::string& key, const std::string& body,
               const std::string& content_type) override;
  std::optional<std::uint64_t> SizeOf(const std::string& key) override;
  std::optional<Location> Locate(const std::string& key) override;

 private:
  std::filesystem::path PathOf(const std::string& key) const;  // throws on an unsafe key
  void WriteAtomically(const std::filesystem::path& target,
                       const std::function<void(int fd)>& write);

  const std::filesystem::path root_;
};

}  // namespace sc::hooks
