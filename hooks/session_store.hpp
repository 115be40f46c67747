#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "common/redis/client.hpp"
#include "hooks/pipeline_keys.hpp"

namespace sc::hooks {

// Where an uploaded segment went, for UPLOADED and METADATA.
struct UploadedSegment {
  std::string key{};
  std::uint64_t size = 0;
  std::string bucket{};
  std::string region{};
  std::string storage{};  // "local", "s3" (the port's addition; absent in the original = COS)
};

// The Redis state of one pipeline's recording sessions (spec/hooks.md §6.1-§6.5), with the port's
// fixes: every change of ACTIVE/LOCAL is an atomic compare-and-set (see field_swap.hpp), so the
// segment callback and the uploader never lose each other's update, and a session closes only
// if no segment arrived since its queue was seen empty.
//
// LocalObj.files is the durable upload queue. Each entry is a LocalFile
// {m3u8_url, tsid, tsfile, action, file, duration, seqno, url, params} plus the port's `uuid`
// (its session), `attempts` (uploads started) and `retry_at` (ms epoch of the next try);
// entries that failed too often move to `failed`.
class SessionStore {
 public:
  SessionStore(redis::Client& redis, const PipelineKeys& keys);

  const PipelineKeys& keys() const { return keys_; }

  // Appends `file` (a LocalFile without uuid) to the queue of its m3u8_url, opening a session
  // when none is active; LOCAL and ACTIVE change together. Returns the session uuid.
  std::string Enqueue(Json file);

  std::optional<std::string> ActiveText(const std::string& m3u8_url);
  std::optional<std::string> LocalText(const std::string& m3u8_url);
  std::vector<std::string> ActiveUrls();
  std::vector<std::pair<std::string, std::string>> Locals();  // m3u8_url -> LocalObj text

  // Changes the queued entry `tsid` with `change`; false when it is no longer queued.
  bool UpdateQueued(const std::string& m3u8_url, const std::string& tsid,
                    const std::function<void(Json&)>& change);
  // Removes the entry (its upload succeeded, or its file is gone). `park`: keep it in
  // LocalObj.failed instead (it failed too often).
  void Dequeue(const std::string& m3u8_url, const std::string& tsid, bool park = false);

  // UPLOADED and METADATA of the entry's session: the segment replaces any entry with the same
  // tsid, so recording it twice (after a crash) changes nothing.
  void RecordUploaded(const Json& file, const UploadedSegment& segment);

  // Closes the session if ACTIVE and LOCAL still hold exactly what the caller read: LOCAL.done
  // is set, ACTIVE removed and the session listed in FINISHING, all at once. Returns the uuid.
  std::optional<std::string> Close(const std::string& m3u8_url, const std::string& active_text,
                                   const std::string& local_text);
  // Drops an ACTIVE entry that has no LOCAL (the original revisited it forever) and a LOCAL that
  // lost its `update`, if unchanged.
  void DropBroken(const std::string& m3u8_url, const std::optional<std::string>& active_text,
                  const std::optional<std::string>& local_text);

  // uuid -> m3u8_url of closed sessions whose playlist is not written yet.
  std::vector<std::pair<std::string, std::string>> Finishing();
  std::optional<Json> Metadata(const std::string& uuid);
  // Changes the session's metadata if it exists (VoD: fileId, taskObj...), compare-and-set.
  void UpdateMetadata(const std::string& uuid, const std::function<void(Json&)>& change);
  // Marks the metadata finished (progress false, done now) and the session as finished.
  void MarkFinished(const std::string& uuid);

 private:
  // Read-modify-write of one JSON field with compare-and-set; `change` returns false to leave
  // it as it is. Retries on conflict.
  void Modify(std::string_view key, const std::string& field,
              const std::function<bool(std::optional<Json>&)>& change);

  redis::Client& redis_;
  const PipelineKeys keys_;
};

}  // namespace sc::hooks
