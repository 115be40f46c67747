#include "hooks/m3u8.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <vector>

namespace sc::hooks {
namespace {

// A duration as JavaScript's Number() sees it: numbers as they are, numeric text parsed,
// anything else (missing, junk) NaN.
double DurationOf(const Json& file) {
  const auto it = file.find("duration");
  if (it == file.end()) return std::nan("");
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) return value;
  }
  return std::nan("");
}

std::optional<double> SeqnoOf(const Json& file) {
  const auto it = file.find("seqno");
  if (it == file.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string StringField(const Json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : Stringify(*it);
}

// Node's path.normalize for "/"-separated paths.
std::string NormalizePath(std::string_view path) {
  const bool absolute = path.starts_with('/');
  std::vector<std::string> parts;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.emplace_back("..");
      }
      continue;
    }
    parts.emplace_back(part);
  }
  std::string joined = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) joined += (i ? "/" : "") + parts[i];
  return joined.empty() ? "." : joined;
}

// WHATWG URL path resolution of `key` against an https origin: leading slashes never name
// another host, dot segments resolve, and the path percent-encode set is applied.
std::string ResolveAgainst(const std::string& origin, std::string_view key) {
  while (key.starts_with('/')) key.remove_prefix(1);
  std::string path = NormalizePath("/" + std::string(key));
  std::string encoded;
  for (unsigned char c : path) {
    const bool escape = c <= 0x20 || c >= 0x7f || c == '"' || c == '#' || c == '<' || c == '>' ||
                        c == '?' || c == '`' || c == '{' || c == '}';
    if (escape) {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", c);
      encoded += hex;
    } else {
      encoded.push_back(static_cast<char>(c));
    }
  }
  return origin + encoded;
}

struct Validated {
  const Json& files;
  std::string bucket;
  std::string region;
};

Validated Validate(const Json& metadata) {
  if (!metadata.is_object()) throw std::invalid_argument("no object");
  const auto files = metadata.find("files");
  if (files == metadata.end() || !files->is_array()) throw std::invalid_argument("no files");
  Validated validated{*files, StringField(metadata, "bucket"), StringField(metadata, "region")};
  if (validated.bucket.empty()) throw std::invalid_argument("no bucket");
  if (validated.region.empty()) throw std::invalid_argument("no region");
  return validated;
}

double MaxDuration(const Json& files) {
  double longest = 0;
  for (const Json& file : files) {
    const double duration = DurationOf(file);
    if (duration > longest) longest = duration;  // NaN never compares greater, as in JS
  }
  return longest;
}

Playlist Build(const Json& metadata, bool vod, bool absolute_urls, std::string_view domain) {
  const Validated input = Validate(metadata);
  const std::string cos_origin = "https://" + input.bucket + ".cos." + input.region + ".myqcloud.com";
  Playlist playlist;
  playlist.max_duration = MaxDuration(input.files);
  std::string& body = playlist.body;
  body = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-ALLOW-CACHE:YES\n#EXT-X-PLAYLIST-TYPE:";
  body += vod ? "VOD" : "EVENT";
  body += "\n#EXT-X-TARGETDURATION:" +
          std::to_string(static_cast<long long>(std::ceil(playlist.max_duration))) +
          "\n#EXT-X-MEDIA-SEQUENCE:0";
  const size_t n = input.files.size();
  for (size_t i = 0; i < n; ++i) {
    const Json& file = input.files[i];
    // The original's check, off by one and misplaced (spec/hooks.md §9), kept for byte parity;
    // a missing seqno is NaN there, which never equals anything.
    if (i + 2 < n) {
      const auto current = SeqnoOf(file);
      const auto next = SeqnoOf(input.files[i + 1]);
      if (!current || !next || *current + 1 != *next) body += "\n#EXT-X-DISCONTINUITY";
    }
    body += "\n#EXTINF:" + JsToFixed2(DurationOf(file)) + ", no desc\n";
    if (!absolute_urls) {
      body += StringField(file, "tsid") + ".ts";
    } else if (!vod) {
      body += cos_origin + "/" + StringField(file, "key");
    } else {
      body += ResolveAgainst(domain.empty() ? cos_origin : "https://" + std::string(domain),
                             StringField(file, "key"));
    }
  }
  if (vod) body += "\n#EXT-X-ENDLIST";
  return playlist;
}

}  // namespace

std::string JsToFixed2(double value) {
  if (std::isnan(value)) return "NaN";
  // The exact decimal expansion of the double, then rounding half up at two decimals.
  char exact[512];
  std::snprintf(exact, sizeof(exact), "%.80f", std::fabs(value));
  std::string digits(exact);
  const size_t dot = digits.find('.');
  std::string kept = digits.substr(0, dot) + digits.substr(dot + 1, 2);
  if (digits[dot + 3] >= '5') {  // the third decimal decides; an exact tie goes up, as in JS
    size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[i - 1];
    }
  }
  std::string integer = kept.substr(0, kept.size() - 2);
  if (integer.empty()) integer = "0";
  const bool negative = value < 0 && kept.find_first_not_of('0') != std::string::npos;
  return (negative ? "-" : "") + integer + "." + kept.substr(kept.size() - 2);
}

Playlist BuildVodM3u8(const Json& metadata, bool absolute_urls, std::string_view domain) {
  return Build(metadata, true, absolute_urls, domain);
}

Playlist BuildEventM3u8(const Json& metadata, bool absolute_urls) {
  return Build(metadata, false, absolute_urls, "");
}

std::string BuildVodTsKey(std::string_view m3u8_key, std::string_view tsid) {
  const size_t slash = m3u8_key.rfind('/');
  std::string folder;
  if (slash == std::string_view::npos) {
    folder = ".";
  } else if (slash == 0) {
    folder = "/";
  } else {
    folder = std::string(m3u8_key.substr(0, slash));
  }
  return NormalizePath(folder + "/" + std::string(tsid) + ".ts");
}

}  // namespace sc::hooks
