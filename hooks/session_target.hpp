#pragma once
#include <string>

#include "common/json.hpp"
#include "hooks/storage.hpp"

namespace sc::hooks {

// Where a pipeline delivers its sessions. DVR (DvrTarget): segments at "<uuid>/<tsid>.ts" of a
// Storage and, when the session ends, the playlist at "<uuid>/index.m3u8" (spec/hooks.md §6.4,
// §6.5). Tencent VoD, later: ApplyUpload gives a COS storage with temporary credentials and the
// key folder (buildVodTsKey), Finish uploads the playlist at MediaStoragePath and runs
// CommitUpload/ProcessMedia (§7.3, §7.4).
class SessionTarget {
 public:
  virtual ~SessionTarget() = default;
  virtual Storage& storage() = 0;
  virtual std::string SegmentKey(const std::string& uuid, const std::string& tsid) const = 0;
  // Called once the session is closed and every segment is stored; may be called again after a
  // crash, so it must be idempotent. Throws when the store fails (retried on the next pass).
  virtual void Finish(const std::string& uuid, const Json& metadata) = 0;
};

class DvrTarget final : public SessionTarget {
 public:
  explicit DvrTarget(Storage& storage) : storage_(storage) {}
  Storage& storage() override { return storage_; }
  std::string SegmentKey(const std::string& uuid, const std::string& tsid) const override {
    return uuid + "/" + tsid + ".ts";
  }
  // The VOD playlist with relative segment names (§6.5), so the session folder plays as it is.
  void Finish(const std::string& uuid, const Json& metadata) override;

 private:
  Storage& storage_;
};

}  // namespace sc::hooks
