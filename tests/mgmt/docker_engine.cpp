#include "tests/mgmt/docker_engine.hpp"

#include <sys/mount.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/http/client.hpp"
#include "common/process/spawn.hpp"

namespace sc::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string Tail(const std::string& text, std::size_t lines) {
  std::size_t at = text.size();
  while (lines-- > 0 && at > 0) {
    const std::size_t newline = text.rfind('\n', at - 1);
    if (newline == std::string::npos) return text;
    at = newline;
  }
  return text.substr(at);
}

// Mount points at or under `dir` (dockerd leaves at least exec-root/netns/default behind).
std::vector<std::string> MountsUnder(const std::string& dir) {
  std::vector<std::string> found;
  std::ifstream mountinfo("/proc/self/mountinfo");
  for (std::string line; std::getline(mountinfo, line);) {
    std::istringstream fields(line);
    std::string id, parent, device, root, point;
    fields >> id >> parent >> device >> root >> point;
    if (point == dir || point.starts_with(dir + "/")) found.push_back(point);
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return found;
}

}  // namespace

DockerEngine::DockerEngine() {
  if (!process::FindProgram("dockerd")) {
    throw std::runtime_error("dockerd is not installed (auto/setup installs docker.io)");
  }
  if (!fs::exists("/bin/busybox") && !fs::exists("/usr/bin/busybox")) {
    throw std::runtime_error("busybox is not installed (auto/setup installs busybox-static)");
  }
  char pattern[] = "/tmp/scdk.XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  socket_ = dir_ + "/docker.sock";
  client_ = std::make_unique<mgmt::DockerClient>(socket_, 60s);
  try {
    // overlay2 needs a file system that can hold overlay mounts; vfs works everywhere, slowly.
    if (!StartDockerd({})) {
      const std::string first = unavailable_;
      if (!StartDockerd({"--storage-driver=vfs"})) {
        unavailable_ = "with its default storage driver: " + first +
                       "\nwith --storage-driver=vfs: " + unavailable_;
        return;
      }
    }
    ImportImage();
  } catch (...) {
    CleanUp();
    throw;
  }
}

bool DockerEngine::StartDockerd(const std::vector<std::string>& extra) {
  const std::string log = dir_ + "/dockerd" + std::to_string(extra.size()) + ".log";
  std::vector<std::string> argv = {"dockerd", "--bridge=none", "--iptables=false",
                                   "--ip6tables=false", "--data-root=" + dir_ + "/data",
                                   "--exec-root=" + dir_ + "/exec",
                                   "--pidfile=" + dir_ + "/dockerd.pid", "-H", "unix://" + socket_,
                                   // No daemon.json of the host's, no host-wide settings.
                                   "--config-file=" + dir_ + "/daemon.json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  std::ofstream(dir_ + "/daemon.json") << "{}\n";
  dockerd_ = std::make_unique<ChildProcess>(argv, EnvList{}, log);
  dockerd_->Start();
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (client_->Ping(500ms)) {
      unavailable_.clear();
      return true;
    }
    if (auto status = dockerd_->Wait(0ms)) {
      unavailable_ = "dockerd exited (" + std::to_string(*status) +
                     ") before answering:" + Tail(dockerd_->ReadLog(), 4);
      StopDockerd();
      return false;
    }
    std::this_thread::sleep_for(100ms);
  }
  unavailable_ = "dockerd did not answer /_ping within 60 s:" + Tail(dockerd_->ReadLog(), 4);
  StopDockerd();
  return false;
}

void DockerEngine::ImportImage() {
  // A root filesystem of one static busybox and the applets the tests use.
  const fs::path rootfs = fs::path(dir_) / "rootfs";
  fs::create_directories(rootfs / "bin");
  fs::create_directories(rootfs / "tmp");
  fs::create_directories(rootfs / "data");
  fs::copy_file(fs::exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox",
                rootfs / "bin/busybox");
  for (const char* applet :
       {"sh", "sleep", "cat", "echo", "ls", "env", "kill", "grep", "touch", "true"}) {
    fs::create_symlink("busybox", rootfs / "bin" / applet);
  }
  // Not SRS (no image of it is reachable here): a placeholder at the path the catalogue's
  // srs-server command names (./objs/srs -c <conf>, run from /), which proves the rendered
  // configuration is mounted where the command looks by printing its `listen` line, then idles.
  fs::create_directories(rootfs / "objs");
  std::ofstream(rootfs / "objs/srs") << "#!/bin/sh\n"
                                        "[ \"$1\" = -c ] && grep '^listen ' \"$2\" || exit 1\n"
                                        "exec sleep 300\n";
  fs::permissions(rootfs / "objs/srs",
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  std::ofstream(rootfs / "bin/certbot") << "#!/bin/sh\n"
                                           "echo \"certbot stand-in: $*\"\n"
                                           "action=$1\n"
                                           "while [ $# -gt 0 ]; do\n"
                                           "  [ \"$1\" = --config-dir ] && config=$2\n"
                                           "  shift\n"
                                           "done\n"
                                           // A renewal moves certbot's live link to a new
                                           // archive file, as the real one does.
                                           "if [ \"$action\" = renew ] && [ -n \"$config\" ]; then\n"
                                           "  n=$(date +%s%N)\n"
                                           "  mkdir -p $config/archive/example.test $config/live/example.test\n"
                                           "  touch $config/archive/example.test/fullchain$n.pem\n"
                                           "  ln -sfn ../../archive/example.test/fullchain$n.pem "
                                           "$config/live/example.test/fullchain.pem\n"
                                           "fi\n"
                                           "exit 0\n";
  fs::permissions(rootfs / "bin/certbot",
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  const std::string tarball = dir_ + "/rootfs.tar";
  ChildProcess tar({"tar", "-C", rootfs.string(), "-cf", tarball, "."}, {}, dir_ + "/tar.log");
  tar.Start();
  if (tar.Wait(60s) != 0)
    throw std::runtime_error("tar of the test rootfs failed: " + tar.ReadLog());
  std::ifstream in(tarball, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string image = kImage;
  client_->ImportImage(bytes.str(), image.substr(0, image.find(':')),
                       image.substr(image.find(':') + 1));
  const std::string certbot = kCertbotImage;
  client_->ImportImage(bytes.str(), certbot.substr(0, certbot.find(':')),
                       certbot.substr(certbot.find(':') + 1), {R"(ENTRYPOINT ["/bin/certbot"])"});
}

void DockerEngine::RemoveContainers() const {
  http::ClientRequest request;
  request.url = "http://docker/v1.41/containers/json?all=1";
  request.unix_socket = socket_;
  request.timeout = 10s;
  try {
    const Json listed = Json::parse(http::Fetch(request).body, nullptr, false);
    if (!listed.is_array()) return;
    for (const Json& container : listed) client_->Remove(container.value("Id", ""));
  } catch (const std::exception&) {  // the engine is gone: its containers were killed with it
  }
}

void DockerEngine::StopDockerd() {
  if (dockerd_) dockerd_->Stop(20s);  // SIGTERM, then SIGKILL
  dockerd_.reset();
}

DockerEngine::~DockerEngine() { CleanUp(); }

void DockerEngine::CleanUp() {
  if (dockerd_ && dockerd_->running()) RemoveContainers();
  StopDockerd();
  if (dir_.empty()) return;
  for (const std::string& point : MountsUnder(dir_)) umount2(point.c_str(), MNT_DETACH);
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
  dir_.clear();
}

}  // namespace sc::test
