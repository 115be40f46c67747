#pragma once
#include <string_view>

// The Redis key catalogue of spec/common.md §5. All keys live in db 0; values are strings
// ("true"/"false", numbers as text) exactly as the original's ioredis stored them.
namespace sc::redis::keys {

// §5.1 platform / system (mgmt + platform)
inline constexpr std::string_view kSrsTencentLh = "SRS_TENCENT_LH";
inline constexpr std::string_view kSrsPlatformSecret = "SRS_PLATFORM_SECRET";
inline constexpr std::string_view kSrsFirstBoot = "SRS_FIRST_BOOT";
inline constexpr std::string_view kSrsUpgrading = "SRS_UPGRADING";
inline constexpr std::string_view kSrsUpgradeWindow = "SRS_UPGRADE_WINDOW";
inline constexpr std::string_view kSrsUpgradeStrategy = "SRS_UPGRADE_STRATEGY";
inline constexpr std::string_view kSrsContainerDisabled = "SRS_CONTAINER_DISABLED";
inline constexpr std::string_view kSrsDockerImages = "SRS_DOCKER_IMAGES";
inline constexpr std::string_view kSrsCacheBilibili = "SRS_CACHE_BILIBILI";
inline constexpr std::string_view kSrsBeian = "SRS_BEIAN";
inline constexpr std::string_view kSrsHttps = "SRS_HTTPS";                  // string
inline constexpr std::string_view kSrsSecretPublish = "SRS_SECRET_PUBLISH";  // string
inline constexpr std::string_view kSrsStatCounter = "SRS_STAT_COUNTER";

// §5.2 stream state (hooks, ffmpeg)
inline constexpr std::string_view kSrsStreamActive = "SRS_STREAM_ACTIVE";
inline constexpr std::string_view kSrsStreamSrtActive = "SRS_STREAM_SRT_ACTIVE";
inline constexpr std::string_view kSrsStreamRtcActive = "SRS_STREAM_RTC_ACTIVE";
inline constexpr std::string_view kSrsForwardConfig = "SRS_FORWARD_CONFIG";
inline constexpr std::string_view kSrsForwardMap = "SRS_FORWARD_MAP";
inline constexpr std::string_view kSrsForwardStream = "SRS_FORWARD_STREAM";
inline constexpr std::string_view kSrsForwardFrame = "SRS_FORWARD_FRAME";
inline constexpr std::string_view kSrsForwardCode = "SRS_FORWARD_CODE";

// §5.3 cloud storage and VoD (hooks, tencent)
inline constexpr std::string_view kSrsTencentCam = "SRS_TENCENT_CAM";
inline constexpr std::string_view kSrsTencentCos = "SRS_TENCENT_COS";
inline constexpr std::string_view kSrsTencentVod = "SRS_TENCENT_VOD";
inline constexpr std::string_view kSrsDvrPatterns = "SRS_DVR_PATTERNS";
inline constexpr std::string_view kSrsVodPatterns = "SRS_VOD_PATTERNS";
inline constexpr std::string_view kSrsDvrM3u8Active = "SRS_DVR_M3U8_ACTIVE";
inline constexpr std::string_view kSrsVodM3u8Active = "SRS_VOD_M3U8_ACTIVE";
inline constexpr std::string_view kSrsDvrM3u8Local = "SRS_DVR_M3U8_LOCAL";
inline constexpr std::string_view kSrsVodM3u8Local = "SRS_VOD_M3U8_LOCAL";
inline constexpr std::string_view kSrsDvrM3u8Uploaded = "SRS_DVR_M3U8_UPLOADED";
inline constexpr std::string_view kSrsVodM3u8Uploaded = "SRS_VOD_M3U8_UPLOADED";
inline constexpr std::string_view kSrsDvrM3u8Metadata = "SRS_DVR_M3U8_METADATA";
inline constexpr std::string_view kSrsVodM3u8Metadata = "SRS_VOD_M3U8_METADATA";
inline constexpr std::string_view kSrsVodCosToken = "SRS_VOD_COS_TOKEN";

}  // namespace sc::redis::keys
