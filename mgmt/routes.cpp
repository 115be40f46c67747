#include "mgmt/routes.hpp"

#include "common/http/static_files.hpp"
#include "sc/version.hpp"

namespace sc::mgmt {

namespace {

constexpr const char* kNoCache = "no-cache";
constexpr const char* kForever = "public, max-age=31536000";

std::string_view After(std::string_view path, std::string_view prefix) {
  return path.size() > prefix.size() ? path.substr(prefix.size()) : std::string_view();
}

http::Response NotFound() { return http::Response::Text(404, "Not Found"); }

}  // namespace

void RegisterRoutes(http::Router& router, const HostExec& exec, const StaticFolders& folders) {
  using R = const http::Request&;
  router.Any("/terraform/v1/host/exec", [&exec](R r) { return exec.Handle(r); });
  router.Any("/terraform/v1/host/versions",
             [](R) { return Json{{"version", std::string(kVersion)}}; });

  // Pages change with a release; their scripts and styles carry a content hash in the name.
  router.Prefix("/tools", [tools = folders.tools](R r) {
    std::string relative(After(r.path, "/tools"));
    if (relative.empty() || relative == "/") relative = "/index.html";
    const auto file = http::ResolveStaticFile(tools, relative);
    if (!file) return NotFound();
    return http::FileResponse(r, *file, file->extension() == ".html" ? kNoCache : kForever);
  });
  router.Prefix("/terraform/v1/sources", [sources = folders.sources](R r) {
    std::string relative(After(r.path, "/terraform/v1/sources"));
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    const auto file = http::ResolveStaticFile(sources, relative);
    if (!file) return NotFound();
    return http::FileResponse(r, *file, kNoCache);
  });
  router.AnyRaw("/favicon.ico", [ui = folders.ui](R r) {
    const auto file = http::ResolveStaticFile(ui, "favicon.ico");
    if (!file) return NotFound();
    return http::FileResponse(r, *file, kForever);
  });
  for (const char* home : {"/", "/index.html"}) {
    router.AnyRaw(home, [](R) { return http::Redirect("/mgmt/"); });
  }
}

}  // namespace sc::mgmt
