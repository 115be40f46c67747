#include "platform/ui_files.hpp"

#include <regex>

#include "common/http/static_files.hpp"
#include "common/util/text.hpp"

namespace sc::platform {
namespace {

constexpr char kNoCache[] = "public, max-age=0";
constexpr char kForever[] = "public, max-age=31536000, immutable";

// The part of `path` after `prefix` (matched case-insensitively), without leading slashes.
std::string_view After(std::string_view path, std::string_view prefix) {
  if (!util::StartsWithIgnoreCase(path, prefix)) return {};
  path.remove_prefix(prefix.size());
  while (path.starts_with('/')) path.remove_prefix(1);
  return path;
}

// A client-side route of the React app rather than a file: no extension in the last segment,
// or the original's "routers-" pages (spec/platform.md §2 #3).
bool IsAppRoute(std::string_view path, std::string_view relative) {
  static const std::regex kRouters("/mgmt.*/routers-", std::regex::icase);
  const size_t slash = relative.rfind('/');
  const std::string_view last = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  return last.find('.') == std::string_view::npos ||
         std::regex_search(path.begin(), path.end(), kRouters);
}

}  // namespace

UiFiles::UiFiles(std::filesystem::path ui_dir, std::filesystem::path acme_dir)
    : ui_dir_(std::move(ui_dir)), acme_dir_(std::move(acme_dir)) {}

http::Response UiFiles::Index(const http::Request& request) const {
  const auto index = http::ResolveStaticFile(ui_dir_, "index.html");
  if (!index) {
    return http::Response::Text(404, "The dashboard is not built: run auto/run or auto/build.");
  }
  return http::FileResponse(request, *index, kNoCache);
}

http::Response UiFiles::Ui(const http::Request& request) const {
  if (request.path.size() == 5) return http::Redirect("/mgmt/");  // "/mgmt" without its slash
  const std::string_view relative = After(request.path, "/mgmt");
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (relative.empty() || relative == "index.html") {
    return read ? Index(request) : http::Response::Text(404, "Not Found");
  }
  if (read) {
    if (const auto file = http::ResolveStaticFile(ui_dir_, relative)) {
      const bool hashed = relative.starts_with("assets/");
      return http::FileResponse(request, *file, hashed ? kForever : kNoCache);
    }
  }
  if (IsAppRoute(request.path, relative)) return Index(request);
  return http::Response::Text(404, "Not Found");
}

http::Response UiFiles::AcmeChallenge(const http::Request& request) const {
  const std::string_view relative = After(request.path, "/.well-known/acme-challenge");
  if (const auto file = http::ResolveStaticFile(acme_dir_, relative)) {
    return http::FileResponse(request, *file, kNoCache);
  }
  return http::Response::Text(404, "Not Found");
}

}  // namespace sc::platform
