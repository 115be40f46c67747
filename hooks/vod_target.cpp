#include "hooks/vod_target.hpp"

#include "common/redis/keys.hpp"
#include "common/util/time.hpp"
#include "hooks/m3u8.hpp"

namespace sc::hooks {
namespace {

constexpr std::string_view kVodVersion = "2018-07-17";
constexpr std::size_t kMediaInfosPerCall = 20;  // DescribeMediaInfos' limit (hooks.md §4.8 note)

std::int64_t NowSeconds() { return util::EpochSeconds(std::chrono::system_clock::now()); }

std::optional<Json> ParseObject(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  Json value = Json::parse(*text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

std::string Text(const Json& object, const char* field) {
  const auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

CosAccount AccountOf(const Json& token) {
  const Json cert = token.value("cert", Json::object());
  return {.credentials = {.secret_id = Text(cert, "SecretId"),
                          .secret_key = Text(cert, "SecretKey"),
                          .token = Text(cert, "Token")},
          .bucket = Text(token, "bucket"),
          .region = Text(token, "region")};
}

}  // namespace

VodTarget::VodTarget(redis::Client& redis, TencentAccount& account, cloud::TencentEndpoints endpoints,
                     SessionStore& store, Options options)
    : redis_(redis),
      account_(account),
      endpoints_(endpoints),
      api_(std::move(endpoints)),
      store_(store),
      options_(options) {}

bool VodTarget::ready() {
  const CosAccount account = account_.Current();
  return !account.credentials.secret_id.empty() && !account.credentials.secret_key.empty() &&
         !account.region.empty();
}

Json VodTarget::Call(std::string_view action, const Json& request) {
  const CosAccount account = account_.Current();
  return api_.Call(account.credentials, {"vod", kVodVersion, action}, request, account.region);
}

VodTarget::UploadSession& VodTarget::SessionOf(const std::string& uuid) {
  UploadSession& session = sessions_[uuid];
  if (session.token.is_null()) {
    session.token = ParseObject(redis_.Hget(redis::keys::kSrsVodCosToken, uuid)).value_or(Json());
    session.account = session.token.is_object() ? AccountOf(session.token) : CosAccount{};
  }
  if (!session.storage) {
    session.storage = std::make_unique<CosStorage>(endpoints_, [this, uuid] {
      std::lock_guard lock(mutex_);
      return sessions_[uuid].account;
    });
  }
  // A committed session keeps its token until the metadata has the result: never re-apply.
  if (session.token.is_object() && session.token.contains("commit")) return session;
  std::int64_t expires = 0;
  if (session.token.is_object()) {
    const Json cert = session.token.value("cert", Json::object());
    expires = cert.value("ExpiredTime", std::int64_t{0});
  }
  if (session.account.complete() && expires - options_.renew_margin.count() > NowSeconds()) return session;

  Json request = {{"MediaType", "m3u8"}};
  if (session.token.is_object() && !Text(session.token, "session").empty()) {
    request["VodSessionKey"] = Text(session.token, "session");  // renewal of the same upload
  }
  const Json answer = Call("ApplyUpload", request);
  Json token = {{"uuid", uuid},
                {"bucket", answer.value("StorageBucket", "")},
                {"region", answer.value("StorageRegion", "")},
                {"key", answer.value("MediaStoragePath", "")},
                {"session", answer.value("VodSessionKey", "")},
                {"cert", answer.value("TempCertificate", Json::object())},
                {"update", util::IsoTime(std::chrono::system_clock::now())}};
  const CosAccount account = AccountOf(token);
  if (!account.complete() || Text(token, "key").empty() || Text(token, "session").empty()) {
    throw std::runtime_error("VoD ApplyUpload answered without a storage location or credentials");
  }
  redis_.Hset(redis::keys::kSrsVodCosToken, uuid, Stringify(token));
  session.token = std::move(token);
  session.account = account;
  spdlog::info("vod: upload session for {} in {} ({})", uuid, account.bucket, account.region);
  return session;
}

Storage& VodTarget::StorageOf(const std::string& uuid) {
  std::lock_guard lock(mutex_);
  return *SessionOf(uuid).storage;
}

std::string VodTarget::SegmentKey(const std::string& uuid, const std::string& tsid) {
  std::lock_guard lock(mutex_);
  return BuildVodTsKey(Text(SessionOf(uuid).token, "key"), tsid);
}

void VodTarget::Finish(const std::string& uuid, const Json& metadata) {
  if (metadata.contains("fileId")) {  // committed before a crash: only the token is left
    redis_.Hdel(redis::keys::kSrsVodCosToken, uuid);
    return;
  }
  Json token;
  Storage* storage = nullptr;
  {
    std::lock_guard lock(mutex_);
    UploadSession& session = SessionOf(uuid);
    token = session.token;
    storage = session.storage.get();
  }
  if (!token.contains("commit")) {
    const Playlist playlist = BuildVodM3u8(metadata, false);
    storage->PutText(Text(token, "key"), playlist.body, playlist.content_type);
    const Json committed = Call("CommitUpload", {{"VodSessionKey", Text(token, "session")}});
    token["commit"] = {{"FileId", committed.value("FileId", "")}, {"MediaUrl", committed.value("MediaUrl", "")}};
    redis_.Hset(redis::keys::kSrsVodCosToken, uuid, Stringify(token));
    std::lock_guard lock(mutex_);
    sessions_[uuid].token = token;
  }
  const Json& commit = token["commit"];
  Json remux;
  if (const auto text = ParseObject(redis_.Hget(redis::keys::kSrsTencentVod, "remux"))) remux = *text;
  std::optional<std::int64_t> definition;
  if (remux.is_object() && remux.contains("definition") && remux["definition"].is_number_integer()) {
    definition = remux["definition"].get<std::int64_t>();
  }
  std::string task_id = Text(token, "taskId");
  if (definition && task_id.empty()) {
    const Json processed =
        Call("ProcessMedia", {{"FileId", commit.value("FileId", "")},
                              {"MediaProcessTask", {{"TranscodeTaskSet", Json::array({{{"Definition", *definition}}})}}}});
    task_id = processed.value("TaskId", "");
    token["taskId"] = task_id;  // a crash before the metadata is saved does not remux twice
    redis_.Hset(redis::keys::kSrsVodCosToken, uuid, Stringify(token));
  }
  store_.UpdateMetadata(uuid, [&](Json& saved) {
    saved["fileId"] = commit.value("FileId", "");
    saved["mediaUrl"] = commit.value("MediaUrl", "");
    if (definition) {
      saved["definition"] = *definition;
      saved["taskId"] = task_id;
    }
  });
  redis_.Hdel(redis::keys::kSrsVodCosToken, uuid);  // temporary secrets: not kept in clear
  std::lock_guard lock(mutex_);
  sessions_.erase(uuid);
  spdlog::info("vod: session {} committed as file {}", uuid, commit.value("FileId", ""));
}

void VodTarget::Tick() {
  if (std::chrono::steady_clock::now() < next_transcode_poll_) return;
  next_transcode_poll_ = std::chrono::steady_clock::now() + options_.transcode_poll;
  try {
    RefreshTranscodes();
  } catch (const std::exception& e) {
    spdlog::warn("vod: DescribeMediaInfos failed: {}", e.what());
  }
}

void VodTarget::RefreshTranscodes() {
  // uuid by FileId, for the sessions whose remux result is not known yet.
  std::map<std::string, std::pair<std::string, std::int64_t>> waiting;  // fileId -> uuid, definition
  std::string cursor = "0";
  do {
    const redis::ScanPage page = redis_.Hscan(store_.keys().metadata, cursor);
    for (const auto& [uuid, text] : page.entries) {
      const auto metadata = ParseObject(text);
      if (!metadata || !metadata->contains("definition") || !metadata->contains("taskId") ||
          metadata->contains("taskObj") || Text(*metadata, "fileId").empty()) {
        continue;
      }
      waiting[Text(*metadata, "fileId")] = {uuid, metadata->value("definition", std::int64_t{0})};
    }
    cursor = page.cursor;
  } while (cursor != "0");
  if (waiting.empty() || !ready()) return;

  std::vector<std::string> ids;
  for (const auto& [id, unused] : waiting) ids.push_back(id);
  for (std::size_t begin = 0; begin < ids.size(); begin += kMediaInfosPerCall) {
    const std::vector<std::string> batch(ids.begin() + begin,
                                         ids.begin() + std::min(ids.size(), begin + kMediaInfosPerCall));
    const Json answer = Call("DescribeMediaInfos", {{"FileIds", batch}, {"Filters", {"transcodeInfo"}}});
    for (const Json& media : answer.value("MediaInfoSet", Json::array())) {
      const auto found = waiting.find(media.value("FileId", ""));
      if (found == waiting.end()) continue;
      const Json transcodes = media.value("TranscodeInfo", Json::object()).value("TranscodeSet", Json::array());
      for (const Json& transcode : transcodes) {
        if (transcode.value("Definition", std::int64_t{-1}) != found->second.second) continue;
        const Json task = {{"url", transcode.value("Url", "")},          {"bitrate", transcode.value("Bitrate", 0)},
                           {"height", transcode.value("Height", 0)},     {"width", transcode.value("Width", 0)},
                           {"size", transcode.value("Size", 0)},         {"duration", transcode.value("Duration", 0.0)},
                           {"md5", transcode.value("Md5", "")}};
        store_.UpdateMetadata(found->second.first, [&](Json& saved) { saved["taskObj"] = task; });
        spdlog::info("vod: remux of {} done: {}", found->second.first, task.value("url", ""));
      }
    }
  }
}

}  // namespace sc::hooks
