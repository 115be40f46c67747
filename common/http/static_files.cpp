#include "common/http/static_files.hpp"

#include <sys/stat.h>

#include <ctime>
#include <map>

#include <fmt/format.h>

namespace sc::http {
namespace {

std::string HttpDate(std::time_t time) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[64];
  std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

}  // namespace

std::optional<std::filesystem::path> ResolveStaticFile(const std::filesystem::path& root,
                                                       std::string_view relative) {
  std::filesystem::path clean;
  while (!relative.empty()) {
    const size_t slash = relative.find('/');
    const std::string_view part = relative.substr(0, slash);
    relative = slash == std::string_view::npos ? std::string_view{} : relative.substr(slash + 1);
    if (part.empty()) continue;
    if (part.front() == '.' || part.find('\0') != std::string_view::npos ||
        part.find('\\') != std::string_view::npos) {
      return std::nullopt;
    }
    clean /= std::string(part);
  }
  if (clean.empty()) return std::nullopt;
  std::error_code error;
  const std::filesystem::path base = std::filesystem::canonical(root, error);
  if (error) return std::nullopt;
  const std::filesystem::path file = std::filesystem::canonical(base / clean, error);
  if (error || !std::filesystem::is_regular_file(file, error)) return std::nullopt;
  const auto [root_end, ignored] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (root_end != base.end()) return std::nullopt;  // a symlink led outside root
  return file;
}

std::string ContentTypeFor(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".ico", "image/x-icon"},
      {".webp", "image/webp"}, {".woff", "font/woff"}, {".woff2", "font/woff2"},
      {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
      {".m3u8", "application/vnd.apple.mpegurl"}, {".ts", "video/mp2t"},
      {".flv", "video/x-flv"}, {".mp4", "video/mp4"}, {".wasm", "application/wasm"},
      {".gz", "application/gzip"}};
  const auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Response FileResponse(const Request& request, const std::filesystem::path& file,
                      const std::string& cache_control) {
  struct stat info {};
  if (stat(file.c_str(), &info) != 0) return Response::Text(404, "Not Found");
  const std::string etag = fmt::format("W/\"{:x}-{:x}{:09x}\"", info.st_size, info.st_mtim.tv_sec,
                                       info.st_mtim.tv_nsec);
  Response response;
  response.headers.Set("ETag", etag);
  response.headers.Set("Cache-Control", cache_control);
  if (request.headers.Get("If-None-Match") == etag) {
    response.status = 304;
    return response;
  }
  response.headers.Set("Content-Type", ContentTypeFor(file));
  response.headers.Set("Last-Modified", HttpDate(info.st_mtim.tv_sec));
  response.file = file;
  return response;
}

Response Redirect(const std::string& location) {
  Response response;
  response.status = 302;
  response.headers.Set("Location", location);
  response.headers.Set("Content-Type", "text/plain; charset=utf-8");
  response.body = "Redirecting to " + location + ".";
  return response;
}

}  // namespace sc::http
