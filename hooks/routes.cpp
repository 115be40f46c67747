#include "hooks/routes.hpp"

namespace sc::hooks {

void RegisterRoutes(http::Router& router, const VerifyApi& verify) {
  using R = const http::Request&;
  const std::string api = "/terraform/v1/hooks/";
  router.Any(api + "versions", [&verify](R r) { return verify.Versions(r); })
      .AnyDeferred(api + "srs/verify", [&verify](R r, http::Completion done) { verify.SrsVerify(r, done); })
      .AnyDeferred(api + "nginx/verify",
                   [&verify](R r, http::Completion done) { verify.NginxVerify(r, done); })
      .Any(api + "srs/secret/query", [&verify](R r) { return verify.SecretQuery(r); })
      .Any(api + "srs/secret", [&verify](R r) { return verify.SecretQuery(r); })  // legacy alias
      .Any(api + "srs/secret/update", [&verify](R r) { return verify.SecretUpdate(r); });
}

void RegisterRecordingRoutes(http::Router& router, const HlsApi& hls, const RecordApi& dvr,
                             const RecordApi& vod) {
  using R = const http::Request&;
  const std::string api = "/terraform/v1/hooks/";
  router.Any(api + "srs/hls", [&hls](R r) { return hls.SrsHls(r); });
  for (const auto& [name, record] : {std::pair{"dvr", &dvr}, std::pair{"vod", &vod}}) {
    const RecordApi& rec = *record;
    const std::string base = api + name + "/";
    router.Any(base + "apply", [&rec](R r) { return rec.Apply(r); })
        .Any(base + "query", [&rec](R r) { return rec.Query(r); })
        .Any(base + "files", [&rec](R r) { return rec.Files(r); })
        .AnyRaw(base + "hls/:uuid.m3u8", [&rec](R r) { return rec.Playlist(r); })
        .AnyRaw(base + "hls/:uuid/:file", [&rec](R r) { return rec.Segment(r); });
  }
}

void RegisterStreamRoutes(http::Router& router, const StreamsApi& streams) {
  using R = const http::Request&;
  const std::string api = "/terraform/v1/hooks/streams/";
  router.Any(api + "query", [&streams](R r) { return streams.Query(r); })
      .Any(api + "kick", [&streams](R r) { return streams.Kick(r); });
}

}  // namespace sc::hooks
