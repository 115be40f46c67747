#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "common/redis/client.hpp"
#include "hooks/session_store.hpp"
#include "hooks/session_target.hpp"
#include "hooks/staging.hpp"

namespace sc::hooks {

struct PipelineOptions {
  std::chrono::seconds session_idle{300};         // §8: a session ends 300 s after its last change
  std::chrono::milliseconds poll{3000};           // §8: the pass period
  std::chrono::milliseconds lease{30'000};        // a session's owner must renew within this
  int max_attempts = 10;                          // then the segment is parked in LocalObj.failed
                                                  // (not for a full store: that segment is held)
  std::chrono::milliseconds retry_base{2000};     // back-off: base * 2^(attempts-1), capped
  std::chrono::milliseconds retry_cap{300'000};
  std::chrono::minutes sweep_period{10};          // staging debris check
};

// One recording pipeline (DVR or VoD, spec/hooks.md §6, §7): a background thread that uploads the
// queued segments of every active session in order, finishes idle sessions and writes their
// playlists. Crash-safe by construction:
// - the queue is LocalObj.files in Redis and an entry leaves it only after its upload succeeded;
// - before each upload the entry's `attempts` is raised, so a restarted worker knows the upload
//   may have completed and asks the store (SizeOf) before sending it again: nothing is uploaded
//   twice, nothing is lost;
// - each session has one owner at a time (a Redis lease per m3u8_url), whichever process runs;
// - failures back off exponentially per segment, and a segment that failed `max_attempts` times
//   is parked (kept on disk, listed in LocalObj.failed) so a session can never loop forever;
//   a store without room (StorageFull, e.g. a full recording disk) is not the segment's fault, so
//   it stays queued, retried at the capped back-off, until room returns.
class Pipeline {
 public:
  // `target` may be null: the pipeline has no backend yet and stages nothing.
  Pipeline(redis::Client& redis, const PipelineKeys& keys, Staging& staging, SessionTarget* target,
           PipelineOptions options);
  ~Pipeline();  // Stop()

  void Start();
  // Ends the thread after the current upload and releases the leases it holds.
  void Stop();
  // A segment was queued: run a pass now.
  void Wake();
  // One pass over every session (public for tests; the thread calls it).
  void RunOnce();

  SessionStore& store() { return store_; }
  Staging& staging() { return staging_; }
  SessionTarget* target() { return target_; }
  const PipelineKeys& keys() const { return store_.keys(); }

 private:
  void Loop();
  bool AcquireLease(const std::string& m3u8_url);
  void ReleaseLeases();
  void ProcessSession(const std::string& m3u8_url);
  // false: stop working on this session for now (back-off, store trouble).
  bool UploadOne(const std::string& m3u8_url, const Json& entry);
  void FinishIfIdle(const std::string& m3u8_url, const std::string& active_text,
                    const std::string& local_text, const Json& local);
  void Finalize(const std::string& uuid);
  void Sweep();
  std::chrono::milliseconds Backoff(int attempts) const;

  redis::Client& redis_;
  SessionStore store_;
  Staging& staging_;
  SessionTarget* const target_;
  const PipelineOptions options_;
  const std::string owner_;  // this process' lease token

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::set<std::string> leased_{};  // touched by the worker thread only
  std::chrono::steady_clock::time_point next_sweep_{};
  std::chrono::steady_clock::time_point next_unready_warning_{};
  std::thread thread_{};
};

}  // namespace sc::hooks
