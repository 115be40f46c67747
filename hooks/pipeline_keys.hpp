#pragma once
#include <string_view>

#include "common/redis/keys.hpp"

namespace sc::hooks {

// The Redis keys of one recording pipeline (spec/hooks.md §3, §6, §7): DVR and VoD share every
// shape and differ only in names.
struct PipelineKeys {
  std::string_view name;      // "dvr" or "vod": routes, staging folder, logs
  std::string_view patterns;  // `all` switch and per-m3u8 tags
  std::string_view active;    // m3u8_url -> {update, uuid}: the open session
  std::string_view local;     // m3u8_url -> LocalObj: the durable upload queue + session history
  std::string_view uploaded;  // uuid -> UploadedObj
  std::string_view metadata;  // uuid -> MetadataObj
  // Added by the port: uuid -> m3u8_url of sessions closed but whose playlist is not written
  // yet (survives a crash between closing and finishing), and the per-session owner lease
  // (a string key per m3u8_url with a TTL).
  std::string_view finishing;
  std::string_view owner_prefix;
};

inline constexpr PipelineKeys kDvrKeys{
    "dvr", redis::keys::kSrsDvrPatterns, redis::keys::kSrsDvrM3u8Active,
    redis::keys::kSrsDvrM3u8Local, redis::keys::kSrsDvrM3u8Uploaded, redis::keys::kSrsDvrM3u8Metadata,
    "SRS_DVR_M3U8_FINISHING", "SRS_DVR_M3U8_OWNER:"};

inline constexpr PipelineKeys kVodKeys{
    "vod", redis::keys::kSrsVodPatterns, redis::keys::kSrsVodM3u8Active,
    redis::keys::kSrsVodM3u8Local, redis::keys::kSrsVodM3u8Uploaded, redis::keys::kSrsVodM3u8Metadata,
    "SRS_VOD_M3U8_FINISHING", "SRS_VOD_M3U8_OWNER:"};

}  // namespace sc::hooks
