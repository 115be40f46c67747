#include "platform/ui_files.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "common/http/static_files.hpp"
#include "common/util/text.hpp"

namespace sc::platform {
namespace {

constexpr char kNoCache[] = "public, max-age=0";
constexpr char kForever[] = "public, max-age=31536000, immutable";
constexpr std::string_view kLocalePlaceholder = "__SRS_DEFAULT_LOCALE__";

std::string CheckedLocale(std::string locale) {
  if (!locale.empty() && locale != "zh" && locale != "en") {
    throw std::invalid_argument("REACT_APP_LOCALE must be zh or en, not " + locale.substr(0, 32));
  }
  return locale;
}

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

UiFiles::UiFiles(std::filesystem::path ui_dir, std::filesystem::path acme_dir,
                 std::string default_locale)
    : ui_dir_(std::move(ui_dir)),
      acme_dir_(std::move(acme_dir)),
      default_locale_(CheckedLocale(std::move(default_locale))) {}

http::Response UiFiles::Index(const http::Request& request) const {
  const auto index = http::ResolveStaticFile(ui_dir_, "index.html");
  if (!index) {
    return http::Response::Text(404, "The dashboard is not built: run auto/run or auto/build.");
  }
  if (default_locale_.empty() || request.method != "GET") {
    return http::FileResponse(request, *index, kNoCache);
  }
  // Read per request (index.html is small and a new UI build may replace it at any time).
  std::ostringstream text;
  text << std::ifstream(*index, std::ios::binary).rdbuf();
  std::string html = text.str();
  if (const size_t at = html.find(kLocalePlaceholder); at != std::string::npos) {
    html.replace(at, kLocalePlaceholder.size(), default_locale_);
  }
  http::Response response;
  response.headers.Set("Content-Type", "text/html; charset=utf-8");
  response.headers.Set("Cache-Control", kNoCache);
  response.body = std::move(html);
  return response;
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
