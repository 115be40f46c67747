#pragma once
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace sc::hooks {

// A playlist as the original's m3u8Generator returns it (spec/hooks.md §9).
struct Playlist {
  std::string content_type = "application/vnd.apple.mpegurl";
  std::string body{};        // lines joined by "\n", no trailing newline
  double max_duration = 0;   // the longest segment, in seconds
};

// buildVodM3u8(metadata, absUrl, domain): `metadata` needs files[{seqno, duration, tsid, key}],
// bucket and region. Relative URIs are "<tsid>.ts"; absolute ones resolve `key` against
// https://<domain> or https://<bucket>.cos.<region>.myqcloud.com. Byte-exact with the original,
// including its discontinuity placement and JavaScript's toFixed(2) rounding. Throws
// std::invalid_argument "no object", "no files", "no bucket" or "no region".
Playlist BuildVodM3u8(const Json& metadata, bool absolute_urls, std::string_view domain = "");

// buildEventM3u8: PLAYLIST-TYPE EVENT, no ENDLIST, absolute URIs by plain concatenation.
Playlist BuildEventM3u8(const Json& metadata, bool absolute_urls);

// buildVodTsKey: the folder of the m3u8 key joined with "<tsid>.ts", normalised like Node's
// path.join ("a//b/./c/../f.m3u8", "x" -> "a/b/x.ts").
std::string BuildVodTsKey(std::string_view m3u8_key, std::string_view tsid);

// Number.prototype.toFixed(2): the exact binary value, an exact tie rounded up, "NaN" for NaN.
std::string JsToFixed2(double value);

}  // namespace sc::hooks
