#include "hooks/session_store.hpp"

#include "common/auth/random.hpp"
#include "common/http/api_error.hpp"
#include "common/util/time.hpp"
#include "hooks/field_swap.hpp"

namespace sc::hooks {
namespace {

constexpr int kSwapAttempts = 50;  // conflicts need another writer per try; 50 in a row is a bug

std::string Now() { return util::IsoTime(std::chrono::system_clock::now()); }

std::optional<Json> Parse(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  Json value = Json::parse(*text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// Removes the entries of `files` whose tsid is `tsid`; returns what was removed.
Json TakeByTsid(Json& files, const std::string& tsid) {
  Json taken = Json::array(), kept = Json::array();
  if (files.is_array()) {
    for (Json& entry : files) (entry.value("tsid", "") == tsid ? taken : kept).push_back(std::move(entry));
  }
  files = std::move(kept);
  return taken;
}

[[noreturn]] void Contended(std::string_view what) {
  throw http::Internal(http::ErrorCode::kSysRedis, std::string(what) + ": too many concurrent changes");
}

}  // namespace

SessionStore::SessionStore(redis::Client& redis, const PipelineKeys& keys) : redis_(redis), keys_(keys) {}

std::string SessionStore::Enqueue(Json file) {
  const std::string m3u8_url = file.value("m3u8_url", "");
  for (int attempt = 0; attempt < kSwapAttempts; ++attempt) {
    const auto active_text = ActiveText(m3u8_url);
    const auto local_text = LocalText(m3u8_url);
    const std::string now = Now();

    Json active = Parse(active_text).value_or(Json{{"update", nullptr}, {"uuid", auth::RandomUuid()}});
    active["update"] = now;
    const std::string session = active.value("uuid", "");

    std::optional<Json> found = Parse(local_text);
    Json local = found.value_or(Json{{"nn", 0}, {"update", nullptr}, {"done", nullptr},
                                     {"uuid", session}, {"uuids", Json::array()}, {"files", Json::array()}});
    if (!found || local.value("uuid", "") != session) {
      local["done"] = nullptr;
      local["uuid"] = session;
      if (!local["uuids"].is_array()) local["uuids"] = Json::array();
      local["uuids"].push_back(session);
    }
    if (!local["files"].is_array()) local["files"] = Json::array();
    file["uuid"] = session;
    local["files"].push_back(file);
    local["nn"] = local["files"].size();
    local["update"] = now;

    // hooks.md §11: LOCAL before ACTIVE; here both in one step.
    if (SwapFields(redis_, {{.key = std::string(keys_.local), .field = m3u8_url, .expected = local_text,
                             .next = Stringify(local)},
                            {.key = std::string(keys_.active), .field = m3u8_url, .expected = active_text,
                             .next = Stringify(active)}})) {
      return session;
    }
  }
  Contended("enqueue");
}

std::optional<std::string> SessionStore::ActiveText(const std::string& m3u8_url) {
  return redis_.Hget(keys_.active, m3u8_url);
}

std::optional<std::string> SessionStore::LocalText(const std::string& m3u8_url) {
  return redis_.Hget(keys_.local, m3u8_url);
}

std::vector<std::string> SessionStore::ActiveUrls() { return redis_.Hkeys(keys_.active); }

std::vector<std::pair<std::string, std::string>> SessionStore::Locals() { return redis_.Hgetall(keys_.local); }

void SessionStore::Modify(std::string_view key, const std::string& field,
                          const std::function<bool(std::optional<Json>&)>& change) {
  for (int attempt = 0; attempt < kSwapAttempts; ++attempt) {
    const auto text = redis_.Hget(key, field);
    std::optional<Json> value = Parse(text);
    if (!change(value)) return;
    const std::optional<std::string> next = value ? std::optional(Stringify(*value)) : std::nullopt;
    if (SwapFields(redis_, {{.key = std::string(key), .field = field, .expected = text, .next = next}})) return;
  }
  Contended("update " + std::string(key));
}

bool SessionStore::UpdateQueued(const std::string& m3u8_url, const std::string& tsid,
                                const std::function<void(Json&)>& change) {
  bool found = false;
  Modify(keys_.local, m3u8_url, [&](std::optional<Json>& local) {
    found = false;
    if (!local || !(*local)["files"].is_array()) return false;
    for (Json& entry : (*local)["files"]) {
      if (entry.value("tsid", "") != tsid) continue;
      change(entry);
      found = true;
    }
    return found;
  });
  return found;
}

void SessionStore::Dequeue(const std::string& m3u8_url, const std::string& tsid, bool park) {
  Modify(keys_.local, m3u8_url, [&](std::optional<Json>& local) {
    if (!local) return false;
    Json taken = TakeByTsid((*local)["files"], tsid);
    if (taken.empty()) return false;
    if (park) {
      if (!(*local)["failed"].is_array()) (*local)["failed"] = Json::array();
      for (Json& entry : taken) (*local)["failed"].push_back(std::move(entry));
    }
    (*local)["nn"] = (*local)["files"].size();
    (*local)["update"] = Now();
    return true;
  });
}

void SessionStore::RecordUploaded(const Json& file, const UploadedSegment& segment) {
  const std::string uuid = file.value("uuid", "");
  const std::string tsid = file.value("tsid", "");
  Modify(keys_.uploaded, uuid, [&](std::optional<Json>& uploaded) {
    if (!uploaded) uploaded = Json{{"nn", 0}, {"update", Now()}, {"uuid", uuid}, {"files", Json::array()}};
    TakeByTsid((*uploaded)["files"], tsid);
    Json entry = {{"key", segment.key}, {"tsid", tsid}, {"size", segment.size}};
    for (const auto& [name, value] : file.items()) {
      if (!entry.contains(name)) entry[name] = value;
    }
    (*uploaded)["files"].push_back(std::move(entry));
    (*uploaded)["nn"] = (*uploaded)["files"].size();
    return true;
  });
  Modify(keys_.metadata, uuid, [&](std::optional<Json>& metadata) {
    if (!metadata) {
      const Json& params = file.contains("params") && file["params"].is_object() ? file["params"] : Json::object();
      metadata = Json{{"nn", 0},
                      {"update", Now()},
                      {"bucket", segment.bucket},
                      {"region", segment.region},
                      {"uuid", uuid},
                      {"vhost", params.value("vhost", "")},
                      {"app", params.value("app", "")},
                      {"stream", params.value("stream", "")},
                      {"progress", true},
                      {"done", nullptr},
                      {"m3u8", nullptr},
                      {"files", Json::array()},
                      {"storage", segment.storage},
                      {"m3u8_url", file.value("m3u8_url", "")}};
    }
    TakeByTsid((*metadata)["files"], tsid);
    (*metadata)["files"].push_back({{"key", segment.key},
                                    {"tsid", tsid},
                                    {"url", file.value("url", "")},
                                    {"seqno", file.value("seqno", Json())},
                                    {"duration", file.value("duration", Json())},
                                    {"size", segment.size}});
    (*metadata)["nn"] = (*metadata)["files"].size();
    (*metadata)["update"] = Now();
    return true;
  });
}

std::optional<std::string> SessionStore::Close(const std::string& m3u8_url, const std::string& active_text,
                                               const std::string& local_text) {
  std::optional<Json> local = Parse(local_text);
  if (!local) return std::nullopt;
  const std::string uuid = local->value("uuid", "");
  (*local)["done"] = Now();
  const bool closed = SwapFields(
      redis_, {{.key = std::string(keys_.local), .field = m3u8_url, .expected = local_text, .next = Stringify(*local)},
               {.key = std::string(keys_.active), .field = m3u8_url, .expected = active_text, .next = std::nullopt},
               {.key = std::string(keys_.finishing), .field = uuid, .check = false, .next = m3u8_url}});
  if (!closed) return std::nullopt;
  return uuid;
}

void SessionStore::DropBroken(const std::string& m3u8_url, const std::optional<std::string>& active_text,
                              const std::optional<std::string>& local_text) {
  std::vector<FieldSwap> swaps;
  swaps.push_back({.key = std::string(keys_.active), .field = m3u8_url, .expected = active_text});
  if (local_text) swaps.push_back({.key = std::string(keys_.local), .field = m3u8_url, .expected = local_text});
  SwapFields(redis_, swaps);
}

std::vector<std::pair<std::string, std::string>> SessionStore::Finishing() {
  return redis_.Hgetall(keys_.finishing);
}

std::optional<Json> SessionStore::Metadata(const std::string& uuid) {
  return Parse(redis_.Hget(keys_.metadata, uuid));
}

void SessionStore::UpdateMetadata(const std::string& uuid, const std::function<void(Json&)>& change) {
  Modify(keys_.metadata, uuid, [&](std::optional<Json>& metadata) {
    if (!metadata) return false;
    change(*metadata);
    return true;
  });
}

void SessionStore::MarkFinished(const std::string& uuid) {
  Modify(keys_.metadata, uuid, [&](std::optional<Json>& metadata) {
    if (!metadata) return false;
    (*metadata)["progress"] = false;
    (*metadata)["done"] = Now();
    return true;
  });
  redis_.Hdel(keys_.finishing, uuid);
}

}  // namespace sc::hooks
