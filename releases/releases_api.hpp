#pragma once
#include <string>

#include "common/http/message.hpp"
#include "common/json.hpp"
#include "releases/artifacts.hpp"

namespace sc::releases {

// Which versions clients are offered; from RELEASES_STABLE / RELEASES_LATEST (port-decisions.md
// §3), both "v<project version>" by default.
struct Channels {
  std::string stable{};
  std::string latest{};
};

// Handlers of releases/releases.js (spec/releases.md §2-§3).
class ReleasesApi {
 public:
  ReleasesApi(Channels channels, ArtifactStore& artifacts);

  // /terraform/v1/releases: unwrapped {stable, latest, api[, artifact][, addr]}.
  http::Response Releases(const http::Request& request) const;
  // /terraform/v1/releases/versions: data {version} without a "v".
  Json Versions(const http::Request& request) const;
  // /terraform/v1/releases/artifacts/<name>: the file, or 404.
  http::Response Artifact(const http::Request& request) const;

 private:
  const Channels channels_;
  ArtifactStore& artifacts_;
};

}  // namespace sc::releases
