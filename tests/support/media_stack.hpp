#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/daemon_process.hpp"
#include "tests/support/net.hpp"

namespace sc::test {

// A real nginx with Debian's libnginx-mod-rtmp on free loopback ports (RTMP and HTTP), from a
// generated config, as a process of its own (`nginx -p <tmp> -c <conf>`, no daemon, no master
// process, so the pid we hold is the whole server). Stop() and Start() keep the ports.
class NginxRtmp {
 public:
  struct App {
    std::string name{};
    std::string on_publish{};       // notify URL for publish (empty: none)
    std::string on_publish_done{};  // notify URL for publish_done (empty: none)
  };

  explicit NginxRtmp(std::vector<App> apps);
  ~NginxRtmp();

  void Start();  // waits until the RTMP port accepts connections
  void Stop();   // SIGTERM and wait
  std::uint16_t rtmp_port() const { return rtmp_port_; }
  std::uint16_t http_port() const { return http_port_; }
  std::string Url(const std::string& app, const std::string& stream) const;
  std::string ReadLog() const;

 private:
  TempDir dir_{};
  std::uint16_t rtmp_port_ = 0;
  std::uint16_t http_port_ = 0;
  std::unique_ptr<ChildProcess> process_{};
};

// ffmpeg publishing a generated test picture and silence (lavfi testsrc + anullsrc, H.264 + AAC,
// real time) to `url`.
class TestPublisher {
 public:
  explicit TestPublisher(const std::string& url);
  ~TestPublisher();
  void Stop();
  std::string ReadLog() const;

 private:
  TempDir dir_{};
  std::unique_ptr<ChildProcess> process_{};
};

// How many video packets ffprobe reads from `url` (it stops at 25); 0 when it reads none
// within `timeout`.
int ProbeVideoPackets(const std::string& url,
                      std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace sc::test
