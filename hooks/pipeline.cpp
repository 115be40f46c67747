#include "hooks/pipeline.hpp"

#include "common/auth/random.hpp"
#include "common/util/time.hpp"

namespace sc::hooks {
namespace {

using Clock = std::chrono::system_clock;

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

std::optional<Json> ParseObject(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  Json value = Json::parse(*text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// Renews the lease if this process holds it.
constexpr std::string_view kRenewScript = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
)lua";
constexpr std::string_view kReleaseScript = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

}  // namespace

Pipeline::Pipeline(redis::Client& redis, const PipelineKeys& keys, Staging& staging, SessionTarget* target,
                   PipelineOptions options)
    : redis_(redis),
      store_(redis, keys),
      staging_(staging),
      target_(target),
      options_(options),
      owner_(auth::RandomHex(12)) {}

Pipeline::~Pipeline() { Stop(); }

void Pipeline::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Pipeline::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  try {
    ReleaseLeases();
  } catch (const std::exception& e) {
    spdlog::warn("{}: releasing leases: {}", keys().name, e.what());
  }
}

void Pipeline::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Pipeline::Loop() {
  for (;;) {
    auto wait = options_.poll;
    try {
      RunOnce();
    } catch (const std::exception& e) {
      spdlog::warn("{}: pass failed: {}", keys().name, e.what());
      wait *= 3;  // Redis or the store is in trouble: ease off
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    woken_ = false;
    if (stopping_) break;
  }
}

bool Pipeline::AcquireLease(const std::string& m3u8_url) {
  const std::string key = std::string(keys().owner_prefix) + m3u8_url;
  const std::string ttl = std::to_string(options_.lease.count());
  bool held = !redis_.Command({"SET", key, owner_, "NX", "PX", ttl}).is_nil();
  if (!held) {
    const redis::Reply renewed = redis_.Command({"EVAL", kRenewScript, "1", key, owner_, ttl});
    held = renewed.integer() && *renewed.integer() == 1;
  }
  if (held) leased_.insert(m3u8_url);
  return held;
}

void Pipeline::ReleaseLeases() {
  for (const std::string& m3u8_url : leased_) {
    redis_.Command({"EVAL", kReleaseScript, "1", std::string(keys().owner_prefix) + m3u8_url, owner_});
  }
  leased_.clear();
}

void Pipeline::RunOnce() {
  if (std::chrono::steady_clock::now() >= next_sweep_) Sweep();
  if (target_) target_->Tick();
  for (const auto& [uuid, m3u8_url] : store_.Finishing()) Finalize(uuid);
  for (const std::string& m3u8_url : store_.ActiveUrls()) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (AcquireLease(m3u8_url)) ProcessSession(m3u8_url);
  }
}

void Pipeline::ProcessSession(const std::string& m3u8_url) {
  const auto active_text = store_.ActiveText(m3u8_url);
  if (!active_text) return;
  const auto local_text = store_.LocalText(m3u8_url);
  std::optional<Json> local = ParseObject(local_text);
  if (!local || !(*local)["update"].is_string()) {
    spdlog::warn("{}: {} has no queue, dropping the session", keys().name, m3u8_url);
    store_.DropBroken(m3u8_url, active_text, local_text);
    return;
  }
  const Json& files = (*local)["files"];
  if (!files.is_array() || files.empty()) {
    FinishIfIdle(m3u8_url, *active_text, *local_text, *local);
    return;
  }
  if (!target_ || !target_->ready()) {
    if (std::chrono::steady_clock::now() >= next_unready_warning_) {
      spdlog::warn("{}: storage not configured, {} segments wait", keys().name, staging_.backlog().files);
      next_unready_warning_ = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    }
    return;
  }
  for (Json entry : files) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (!entry.contains("uuid")) entry["uuid"] = (*local)["uuid"];  // queued by the original
    if (entry.value("retry_at", std::int64_t{0}) > NowMs()) return;  // in order: wait for it
    if (!UploadOne(m3u8_url, entry)) return;
    AcquireLease(m3u8_url);  // renew between segments
  }
}

bool Pipeline::UploadOne(const std::string& m3u8_url, const Json& entry) {
  const std::string tsid = entry.value("tsid", "");
  const std::filesystem::path file = entry.value("tsfile", "");
  const std::string uuid = entry.value("uuid", "");
  std::error_code error;
  const std::uint64_t size = std::filesystem::file_size(file, error);
  if (error) {
    spdlog::warn("{}: segment {} of {} is gone from staging, dropped", keys().name, tsid, m3u8_url);
    store_.Dequeue(m3u8_url, tsid);
    return true;
  }
  const int attempts = entry.value("attempts", 0);
  std::string key = uuid + "/" + tsid;  // for messages until the target names it
  Storage* storage_of_session = nullptr;
  try {
    Storage& storage = target_->StorageOf(uuid);
    storage_of_session = &storage;
    key = target_->SegmentKey(uuid, tsid);
    // A started upload may have completed before a crash: the store has the whole object then.
    const bool stored = attempts > 0 && storage.SizeOf(key) == size;
    if (!stored) {
      // Durable before the upload starts, so the check above runs after any crash.
      if (!store_.UpdateQueued(m3u8_url, tsid, [](Json& e) { e["attempts"] = e.value("attempts", 0) + 1; })) {
        return true;  // no longer queued
      }
      storage.PutFile(key, file, "video/MP2T");
    } else {
      spdlog::info("{}: {} was stored before a restart, not sent again", keys().name, key);
    }
  } catch (const std::exception& e) {
    const int failed = attempts + 1;
    // A full store is not the segment's fault: it is held (backing off) until room returns.
    const bool full = IsOutOfSpace(e);
    if (failed >= options_.max_attempts && !full) {
      spdlog::error("{}: {} failed {} times, parked in failed: {}", keys().name, key, failed, e.what());
      store_.Dequeue(m3u8_url, tsid, true);
      return true;
    }
    const auto delay = Backoff(failed);
    if (full) {
      spdlog::error("{}: no room in the {} store for {} (attempt {}), held with {} segments waiting, "
                    "retry in {} ms: {}",
                    keys().name, storage_of_session ? storage_of_session->kind() : "", key, failed,
                    staging_.backlog().files, delay.count(), e.what());
    } else {
      spdlog::warn("{}: upload {} failed (attempt {}), retry in {} ms: {}", keys().name, key, failed,
                   delay.count(), e.what());
    }
    store_.UpdateQueued(m3u8_url, tsid, [&](Json& queued) { queued["retry_at"] = NowMs() + delay.count(); });
    return false;
  }
  Storage& storage = *storage_of_session;
  store_.RecordUploaded(entry, {.key = key, .size = size, .bucket = storage.bucket(),
                                .region = storage.region(), .storage = storage.kind()});
  store_.Dequeue(m3u8_url, tsid);
  staging_.Remove(file);
  spdlog::info("{}: uploaded {} ({} bytes) of {}", keys().name, key, size, m3u8_url);
  return true;
}

void Pipeline::FinishIfIdle(const std::string& m3u8_url, const std::string& active_text,
                            const std::string& local_text, const Json& local) {
  const auto update = util::ParseIsoTime(local.value("update", ""));
  if (!update) {
    store_.DropBroken(m3u8_url, active_text, local_text);
    return;
  }
  if (Clock::now() < *update + options_.session_idle) return;
  const auto uuid = store_.Close(m3u8_url, active_text, local_text);
  if (!uuid) return;  // a segment arrived meanwhile: the session goes on
  spdlog::info("{}: session {} of {} closed", keys().name, *uuid, m3u8_url);
  Finalize(*uuid);
}

void Pipeline::Finalize(const std::string& uuid) {
  std::optional<Json> metadata = store_.Metadata(uuid);
  if (metadata && (*metadata)["progress"] != false) {
    if (!target_ || !target_->ready()) return;  // finished on a later pass
    target_->Finish(uuid, *metadata);
  }
  store_.MarkFinished(uuid);
  spdlog::info("{}: session {} finished", keys().name, uuid);
}

void Pipeline::Sweep() {
  std::set<std::string> referenced;
  for (const auto& [m3u8_url, text] : store_.Locals()) {
    std::optional<Json> local = ParseObject(text);
    if (!local) continue;
    for (const char* list : {"files", "failed"}) {
      const Json& entries = (*local)[list];
      if (!entries.is_array()) continue;
      for (const Json& entry : entries) referenced.insert(entry.value("tsid", ""));
    }
  }
  // A segment is copied before it is queued: give a running callback time to queue it.
  staging_.Sweep(referenced, std::chrono::seconds(60));
  next_sweep_ = std::chrono::steady_clock::now() + options_.sweep_period;
  const Backlog backlog = staging_.backlog();
  spdlog::info("{}: backlog {} segments, {} bytes (limit {})", keys().name, backlog.files, backlog.bytes,
               backlog.limit_bytes);
}

std::chrono::milliseconds Pipeline::Backoff(int attempts) const {
  auto delay = options_.retry_base;
  for (int i = 1; i < attempts && delay < options_.retry_cap; ++i) delay *= 2;
  return std::min(delay, options_.retry_cap);
}

}  // namespace sc::hooks
