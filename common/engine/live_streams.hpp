#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sc::engine {

// One connection to the media engine: a publisher or a player.
struct LiveClient {
  std::string id{};       // what Kick takes: SRS's client id, nginx-rtmp's numeric id
  std::string address{};  // the peer's IP
  std::string
      type{};  // SRS's "fmle-publish", "rtmp-play", "hls-play"...; nginx-rtmp: "publish"/"play"
  bool publisher = false;
  double alive_seconds = 0;
};

// A stream being published right now, as the engine itself reports it (port-decisions.md §2:
// both engines answer the same question).
struct LiveStream {
  std::string vhost{};
  std::string app{};
  std::string stream{};
  std::string protocol = "rtmp";         // how it is published: rtmp, srt or rtc
  std::optional<double> live_seconds{};  // since the publisher connected
  int viewers = 0;                       // clients that are not the publisher
  std::vector<LiveClient> clients{};
};

// The engine did not answer, or answered something we cannot read.
class EngineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Live streams and their clients, and kicking one client, on the media engine that runs here.
class EngineQuery {
 public:
  virtual ~EngineQuery() = default;

  virtual std::string kind() const = 0;  // "srs" or "nginx-rtmp"
  // Throws EngineError.
  virtual std::vector<LiveStream> Streams() const = 0;
  // Disconnects client `client_id` of app/stream; false when the engine knows no such client.
  // Throws EngineError.
  virtual bool Kick(const std::string& app, const std::string& stream,
                    const std::string& client_id) const = 0;
};

}  // namespace sc::engine
