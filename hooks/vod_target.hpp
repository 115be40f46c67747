#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "common/cloud/tencent_api.hpp"
#include "common/redis/client.hpp"
#include "hooks/cos_storage.hpp"
#include "hooks/session_store.hpp"
#include "hooks/session_target.hpp"
#include "hooks/tencent_account.hpp"

namespace sc::hooks {

// Tencent Cloud VoD as a pipeline target (spec/hooks.md §7, §4.8), with the port's fixes:
// - ApplyUpload only when a session has a segment to upload (the original applied even for
//   sessions with nothing, then failed CommitUpload forever); the upload session is kept in
//   SRS_VOD_COS_TOKEN[uuid] (CosTokenObj) so a restart keeps uploading to the same place;
// - the temporary credentials are renewed `renew_margin` before cert.ExpiredTime, passing the
//   old VodSessionKey, instead of after a fixed 1800 s;
// - CommitUpload's answer is saved in the CosTokenObj before anything else, so a crash after it
//   does not commit twice; the CosTokenObj (temporary secrets) is deleted once the metadata
//   holds fileId/mediaUrl;
// - DescribeMediaInfos for finished remux tasks runs in the pipeline (Tick), 20 FileIds per
//   call, instead of inside the vod/files request.
class VodTarget final : public SessionTarget {
 public:
  struct Options {
    std::chrono::seconds renew_margin{300};
    std::chrono::seconds transcode_poll{30};
  };
  VodTarget(redis::Client& redis, TencentAccount& account, cloud::TencentEndpoints endpoints, SessionStore& store,
            Options options);

  bool ready() override;
  Storage& StorageOf(const std::string& uuid) override;
  // buildVodTsKey: beside the session's MediaStoragePath (§7.3).
  std::string SegmentKey(const std::string& uuid, const std::string& tsid) override;
  // The relative playlist at MediaStoragePath, CommitUpload, ProcessMedia when a remux template
  // is provisioned (SRS_TENCENT_VOD.remux), then fileId/mediaUrl/definition/taskId (§7.4).
  void Finish(const std::string& uuid, const Json& metadata) override;
  void Tick() override;

  // Fetches the remux results of committed sessions now (Tick does it every transcode_poll).
  void RefreshTranscodes();

 private:
  struct UploadSession {
    Json token{};  // the CosTokenObj as stored
    CosAccount account{};
    std::unique_ptr<CosStorage> storage{};
  };
  UploadSession& SessionOf(const std::string& uuid);  // mutex_ held
  Json Call(std::string_view action, const Json& request);

  redis::Client& redis_;
  TencentAccount& account_;
  const cloud::TencentEndpoints endpoints_;
  const cloud::TencentApi api_;
  SessionStore& store_;
  const Options options_;
  std::mutex mutex_;
  std::map<std::string, UploadSession> sessions_{};  // guarded by mutex_; uuid -> upload session
  std::chrono::steady_clock::time_point next_transcode_poll_{};
};

}  // namespace sc::hooks
