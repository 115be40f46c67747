#pragma once
#include <filesystem>

#include "common/http/router.hpp"
#include "mgmt/host_exec.hpp"

namespace sc::mgmt {

struct StaticFolders {
  std::filesystem::path tools{};    // /tools/: our players (the UI build's tools pages)
  std::filesystem::path sources{};  // /terraform/v1/sources/: downloadable files
  std::filesystem::path ui{};       // the dashboard build, for /favicon.ico
};

// What mgmt answers itself (spec/mgmt.md §2 rows 8, 17–19, 22–23); everything else the proxy
// table relays. Unmatched paths get the Router's 404.
void RegisterRoutes(http::Router& router, const HostExec& exec, const StaticFolders& folders);

}  // namespace sc::mgmt
