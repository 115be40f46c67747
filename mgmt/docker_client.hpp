#pragma once
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace sc::mgmt {

// A failure of the Docker Engine: what() carries Docker's own `message` (or curl's text when
// the socket did not answer), kind() what the caller may do about it.
class DockerError : public std::runtime_error {
 public:
  enum class Kind {
    kUnreachable,  // nothing answers on the socket (no dockerd, or no permission)
    kTimeout,      // the engine did not answer within the call's time
    kNotFound,     // 404: no such container / image
    kConflict,     // 409: the name is taken, or the container is in the wrong state
    kOther,        // any other status, or an answer we cannot read
  };
  DockerError(Kind kind, long status, const std::string& message)
      : std::runtime_error(message), kind_(kind), status_(status) {}
  Kind kind() const { return kind_; }
  long status() const { return status_; }  // the HTTP status; 0 when there was no answer

 private:
  Kind kind_;
  long status_;
};

// What a container wrote, stdout and stderr apart.
struct ContainerLogs {
  std::string out;
  std::string err;
};

// Splits Docker's multiplexed log stream (a container without a TTY): frames of an 8-byte
// header {stream, 0, 0, 0, size (big-endian u32)} and `size` bytes. Throws DockerError (kOther)
// on a truncated frame or an unknown stream.
ContainerLogs DemultiplexLogs(std::string_view stream);

// The socket path in DOCKER_HOST ("unix:///run/docker.sock"); the Docker default
// /var/run/docker.sock when empty. Throws std::invalid_argument for any other scheme (tcp://
// would need TLS settings this client does not have).
std::string DockerSocketPath(std::string_view docker_host);

// A small client of the Docker Engine API (v1.41, Docker 20.10 and later) on its unix socket,
// through libcurl; blocking, safe from any thread, never a shell. Every call throws DockerError.
class DockerClient {
 public:
  explicit DockerClient(std::string socket_path,
                        std::chrono::milliseconds timeout = std::chrono::seconds(30));

  const std::string& socket_path() const { return socket_path_; }

  // True when the engine answers GET /_ping within `timeout`; never throws.
  bool Ping(std::chrono::milliseconds timeout = std::chrono::seconds(1)) const;
  // GET /version: {Version, ApiVersion, Os, ...}.
  Json Version() const;

  // Whether the image is present locally (GET /images/{name}/json).
  bool HasImage(const std::string& image) const;
  // POST /images/create?fromImage=: pulls from its registry. Docker answers 200 and reports a
  // failure inside the progress stream; that is turned into a DockerError too.
  void PullImage(const std::string& image) const;
  // POST /images/create?fromSrc=-: imports a root filesystem tarball as repo:tag, with
  // Dockerfile `changes` such as ENTRYPOINT ["/bin/tool"].
  void ImportImage(const std::string& tarball, const std::string& repo, const std::string& tag,
                   const std::vector<std::string>& changes = {}) const;

  // POST /containers/create?name=; `config` is the Engine's create body. Returns the new ID.
  std::string Create(const std::string& name, const Json& config) const;
  // POST /containers/{id}/start; already running is fine.
  void Start(const std::string& id) const;
  // POST /containers/{id}/stop?t=: SIGTERM, SIGKILL after `grace`; already stopped is fine.
  void Stop(const std::string& id, std::chrono::seconds grace) const;
  // DELETE /containers/{id}?force=1 (killed when running); absent is fine.
  void Remove(const std::string& id) const;
  // GET /containers/{id}/json, or nothing when there is no such container.
  std::optional<Json> Inspect(const std::string& id) const;
  // GET /containers/{id}/logs?stdout=1&stderr=1 (everything kept by the log driver).
  ContainerLogs Logs(const std::string& id) const;
  // POST /containers/{id}/wait: blocks until it exits (within `timeout`); its exit status.
  int Wait(const std::string& id, std::chrono::milliseconds timeout) const;
  // GET /containers/json with the exact name filter (^/name$); `all` includes stopped ones.
  std::vector<Json> List(const std::string& name, bool all) const;

 private:
  struct Answer {
    long status;
    std::string body;
  };
  Answer Call(const std::string& method, const std::string& path, std::string body = {},
              const std::string& content_type = {},
              std::optional<std::chrono::milliseconds> timeout = std::nullopt) const;
  static DockerError ErrorOf(const std::string& what, const Answer& answer);

  std::string socket_path_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sc::mgmt
