#include "hooks/record_api.hpp"

#include "common/http/api_error.hpp"
#include "common/http/static_files.hpp"
#include "common/redis/keys.hpp"
#include "hooks/m3u8.hpp"

namespace sc::hooks {
namespace {

using http::ErrorCode;

Json ParseObject(const std::string& text) {
  Json value = Json::parse(text, nullptr, false);
  return value.is_object() ? value : Json();
}

double SumOf(const Json& files, const char* field) {
  double sum = 0;
  if (!files.is_array()) return sum;
  for (const Json& file : files) {
    const auto it = file.find(field);
    if (it != file.end() && it->is_number()) sum += it->get<double>();
  }
  return sum;
}

// A number as JavaScript would print it: integral sums without ".0".
Json AsJsNumber(double value) {
  if (value == static_cast<double>(static_cast<std::int64_t>(value))) return static_cast<std::int64_t>(value);
  return value;
}

bool StoredByThePort(const Json& metadata) {
  const std::string storage = metadata.value("storage", "");
  return storage == "local" || storage == "s3";
}

}  // namespace

RecordApi::RecordApi(redis::Client& redis, const auth::TokenAuth& auth, Pipeline& pipeline)
    : redis_(redis), auth_(auth), pipeline_(pipeline) {}

Json RecordApi::Apply(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const Json all = request.json.value("all", Json());
  if (!all.is_boolean()) throw http::BadArgs(ErrorCode::kSysInvalid, "invalid all=" + Stringify(all));
  redis_.Hset(pipeline_.keys().patterns, "all", all.get<bool>() ? "true" : "false");
  spdlog::info("{}: recording {}", name(), all.get<bool>() ? "on" : "off");
  return nullptr;
}

Json RecordApi::Query(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const bool all = redis_.Hget(pipeline_.keys().patterns, "all") == "true";
  bool secret = false;
  if (name() == "dvr") {
    secret = pipeline_.target() && pipeline_.target()->ready();
  } else {
    const auto cam = redis_.Hgetall(redis::keys::kSrsTencentCam);
    const auto has = [&cam](std::string_view field) {
      return std::any_of(cam.begin(), cam.end(), [&](const auto& kv) { return kv.first == field && !kv.second.empty(); });
    };
    secret = has("appId") && has("secretId") && has("secretKey");
  }
  std::int64_t parked = 0;
  for (const auto& [m3u8_url, text] : pipeline_.store().Locals()) {
    const Json local = ParseObject(text);
    if (local.is_object() && local.contains("failed") && local["failed"].is_array()) parked += local["failed"].size();
  }
  const Backlog backlog = pipeline_.staging().backlog();
  return {{"all", all},
          {"secret", secret},
          {"backlog",
           {{"segments", backlog.files}, {"bytes", backlog.bytes}, {"limit", backlog.limit_bytes},
            {"refused", backlog.refused}, {"failed", parked}}}};
}

Json RecordApi::Files(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  std::vector<Json> items;
  std::string cursor = "0";
  do {
    redis::ScanPage page = redis_.Hscan(pipeline_.keys().metadata, cursor);
    for (const auto& [uuid, text] : page.entries) {
      Json metadata = ParseObject(text);
      if (!metadata.is_object()) continue;
      const Json& files = metadata.contains("files") ? metadata["files"] : Json::array();
      Json item;
      if (name() == "dvr") {
        for (const char* field : {"bucket", "region", "uuid", "vhost", "app", "stream", "progress", "update"}) {
          if (metadata.contains(field)) item[field] = metadata[field];
        }
      } else {
        for (const char* field : {"uuid", "vhost", "app", "stream", "progress", "update"}) {
          if (metadata.contains(field)) item[field] = metadata[field];
        }
        if (metadata.contains("fileId")) item["file"] = metadata["fileId"];
        if (metadata.contains("mediaUrl")) item["media"] = metadata["mediaUrl"];
        if (metadata.contains("taskObj")) item["task"] = metadata["taskObj"];
      }
      item["nn"] = files.is_array() ? files.size() : 0;
      item["duration"] = AsJsNumber(SumOf(files, "duration"));
      item["size"] = AsJsNumber(SumOf(files, "size"));
      items.push_back(std::move(item));
    }
    cursor = page.cursor;
  } while (cursor != "0");
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    return a.value("update", "") > b.value("update", "");
  });
  Json list = Json::array();
  for (Json& item : items) list.push_back(std::move(item));
  return list;
}

http::Response RecordApi::Playlist(const http::Request& request) const {
  const std::string uuid = request.params.at("uuid");
  const auto text = redis_.Hget(pipeline_.keys().metadata, uuid);
  Json metadata = text ? ParseObject(*text) : Json();
  if (!metadata.is_object()) throw http::BadArgs(ErrorCode::kSysInvalid, "no hls for uuid=" + uuid);
  hooks::Playlist playlist;
  if (StoredByThePort(metadata)) {
    // Relative "<uuid>/<tsid>.ts": from .../hls/<uuid>.m3u8 they resolve to the Segment route.
    Json routed = metadata;
    for (Json& file : routed["files"]) file["tsid"] = uuid + "/" + file.value("tsid", "");
    playlist = BuildVodM3u8(routed, false);
  } else if (name() == "vod") {
    playlist = BuildVodM3u8(metadata, true, redis_.Hget(redis::keys::kSrsTencentVod, "domain").value_or(""));
  } else {
    playlist = BuildVodM3u8(metadata, true);
  }
  http::Response response;
  response.headers.Set("Content-Type", playlist.content_type);
  response.body = std::move(playlist.body);
  return response;
}

http::Response RecordApi::Segment(const http::Request& request) const {
  const std::string uuid = request.params.at("uuid");
  const std::string file = request.params.at("file");
  const std::string key = uuid + "/" + file;
  if (!pipeline_.target() || !IsSafeKey(key) || file.find('/') != std::string::npos ||
      !(file.ends_with(".ts") || file == "index.m3u8")) {
    return http::Response::Text(404, "Not Found");
  }
  const auto location = pipeline_.target()->Locate(key);
  if (!location) return http::Response::Text(404, "Not Found");
  if (const auto* path = std::get_if<std::filesystem::path>(&*location)) {
    return http::FileResponse(request, *path, "no-cache");
  }
  return http::Redirect(std::get<std::string>(*location));
}

}  // namespace sc::hooks
