#include "ffmpeg/routes.hpp"

namespace sc::ffmpeg {

void RegisterRoutes(http::Router& router, const ForwardApi& api) {
  using R = const http::Request&;
  const std::string prefix = "/terraform/v1/ffmpeg/";
  router.Any(prefix + "versions", [&api](R r) { return api.Versions(r); })
      .Any(prefix + "forward/secret", [&api](R r) { return api.Secret(r); })
      .Any(prefix + "forward/streams", [&api](R r) { return api.Streams(r); });
}

}  // namespace sc::ffmpeg
