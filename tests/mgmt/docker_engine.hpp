#pragma once
#include <memory>
#include <string>

#include "mgmt/docker_client.hpp"
#include "tests/support/daemon_process.hpp"

namespace sc::test {

// A Docker Engine of the test's own: dockerd (Debian's docker.io) with its data, exec root,
// pid file and socket in a fresh /tmp folder (a short path: unix socket paths end at 107
// bytes), no bridge and no iptables rules, so it changes nothing on the host and never meets
// another engine (a /var/run/docker.sock of someone else is never used). Holds one local
// image, kImage: a root filesystem of busybox-static imported through the API (no registry is
// reachable here), plus /objs/srs, a placeholder for the catalogue's srs-server command.
// The destructor removes every container, stops dockerd (SIGTERM, SIGKILL), unmounts what it
// left under the folder and deletes the folder.
class DockerEngine {
 public:
  static constexpr const char* kImage = "sc-test/busybox:1";
  // The same root filesystem with ENTRYPOINT /bin/certbot: a stand-in for certbot (the real one
  // talks to Let's Encrypt) that prints its arguments and runs a --post-hook.
  static constexpr const char* kCertbotImage = "sc-test/certbot:1";

  DockerEngine();
  ~DockerEngine();
  DockerEngine(const DockerEngine&) = delete;
  DockerEngine& operator=(const DockerEngine&) = delete;

  // Why the engine cannot run here (empty when it runs): tests skip with this text.
  const std::string& unavailable() const { return unavailable_; }
  const std::string& socket() const { return socket_; }
  const mgmt::DockerClient& client() const { return *client_; }
  pid_t pid() const { return dockerd_ ? dockerd_->pid() : -1; }

 private:
  bool StartDockerd(const std::vector<std::string>& extra);
  void ImportImage();
  void RemoveContainers() const;
  void StopDockerd();
  void CleanUp();

  std::string dir_;
  std::string socket_;
  std::string unavailable_;
  std::unique_ptr<ChildProcess> dockerd_;
  std::unique_ptr<mgmt::DockerClient> client_;
};

}  // namespace sc::test
