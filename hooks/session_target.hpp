#pragma once
#include <optional>
#include <string>

#include "common/json.hpp"
#include "hooks/storage.hpp"

namespace sc::hooks {

// Where a pipeline delivers its sessions. DVR (DvrTarget): segments at "<uuid>/<tsid>.ts" of a
// Storage and, when the session ends, the playlist at "<uuid>/index.m3u8" (spec/hooks.md §6.4,
// §6.5). Tencent VoD (VodTarget): a COS location per session from ApplyUpload (§7.3), and
// Finish commits the session (§7.4).
class SessionTarget {
 public:
  virtual ~SessionTarget() = default;
  // False while the target lacks configuration (no credentials yet); nothing is attempted then.
  virtual bool ready() = 0;
  // The store a session's objects go to; may call the cloud (VoD: ApplyUpload) and throw.
  virtual Storage& StorageOf(const std::string& uuid) = 0;
  virtual std::string SegmentKey(const std::string& uuid, const std::string& tsid) = 0;
  // Called once the session is closed and every segment is stored; may be called again after a
  // crash, so it must be idempotent. Throws when the store fails (retried on the next pass).
  virtual void Finish(const std::string& uuid, const Json& metadata) = 0;
  // How a player gets a stored "<uuid>/<file>" through the hooks routes; none by default.
  virtual std::optional<Storage::Location> Locate(const std::string&) { return std::nullopt; }
  // Once per pipeline pass, for work besides uploading (VoD: transcode results).
  virtual void Tick() {}
};

class DvrTarget final : public SessionTarget {
 public:
  explicit DvrTarget(Storage& storage) : storage_(storage) {}
  bool ready() override { return storage_.ready(); }
  Storage& StorageOf(const std::string&) override { return storage_; }
  std::string SegmentKey(const std::string& uuid, const std::string& tsid) override {
    return uuid + "/" + tsid + ".ts";
  }
  // The VOD playlist with relative segment names (§6.5), so the session folder plays as it is.
  void Finish(const std::string& uuid, const Json& metadata) override;
  std::optional<Storage::Location> Locate(const std::string& key) override { return storage_.Locate(key); }

 private:
  Storage& storage_;
};

}  // namespace sc::hooks
