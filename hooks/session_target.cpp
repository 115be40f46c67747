#include "hooks/session_target.hpp"

#include "hooks/m3u8.hpp"

namespace sc::hooks {

void DvrTarget::Finish(const std::string& uuid, const Json& metadata) {
  const Playlist playlist = BuildVodM3u8(metadata, false);
  storage_.PutText(uuid + "/index.m3u8", playlist.body, playlist.content_type);
}

}  // namespace sc::hooks
