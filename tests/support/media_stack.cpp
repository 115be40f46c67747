#include "tests/support/media_stack.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/json.hpp"

namespace sc::test {
namespace {

using namespace std::chrono_literals;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

NginxRtmp::NginxRtmp(std::vector<App> apps) : rtmp_port_(FreePort()), http_port_(FreePort()) {
  const std::string dir = dir_.path();
  std::ofstream conf(dir + "/nginx.conf");
  conf << "load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;\n"
       << "daemon off;\nmaster_process off;\n"
       << "error_log " << dir << "/error.log info;\npid " << dir << "/nginx.pid;\n"
       << "events { worker_connections 256; }\n"
       << "rtmp {\n  server {\n    listen 127.0.0.1:" << rtmp_port_ << ";\n";
  for (const App& app : apps) {
    conf << "    application " << app.name << " {\n      live on;\n";
    if (!app.on_publish.empty()) conf << "      on_publish " << app.on_publish << ";\n";
    if (!app.on_publish_done.empty())
      conf << "      on_publish_done " << app.on_publish_done << ";\n";
    conf << "    }\n";
  }
  conf << "  }\n}\n"
       << "http {\n  access_log off;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    conf << "  " << temp << "_temp_path " << dir << "/" << temp << ";\n";
  }
  conf << "  server {\n    listen 127.0.0.1:" << http_port_ << ";\n"
       << "    location /stat { rtmp_stat all; }\n  }\n}\n";
  conf.close();
  Start();
}

NginxRtmp::~NginxRtmp() { Stop(); }

void NginxRtmp::Start() {
  const std::string dir = dir_.path();
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"nginx", "-p", dir, "-e", dir + "/error.log", "-c",
                               dir + "/nginx.conf"},
      EnvList{}, dir + "/stdout.log");
  process_->Start();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!PortAcceptsConnections(rtmp_port_)) {
    if (process_->Wait(0ms) || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error(
          "nginx did not start (is libnginx-mod-rtmp installed? run auto/setup): " + ReadLog());
    }
    std::this_thread::sleep_for(10ms);
  }
}

void NginxRtmp::Stop() {
  if (process_) process_->Stop(5s);
  process_.reset();
}

std::string NginxRtmp::Url(const std::string& app, const std::string& stream) const {
  return "rtmp://127.0.0.1:" + std::to_string(rtmp_port_) + "/" + app + "/" + stream;
}

std::string NginxRtmp::ReadLog() const { return ReadFile(dir_.path() + "/error.log"); }

TestPublisher::TestPublisher(const std::string& url) {
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"ffmpeg",   "-hide_banner",
                               "-nostdin", "-loglevel",
                               "error",    "-re",
                               "-f",       "lavfi",
                               "-i",       "testsrc=size=320x240:rate=25",
                               "-f",       "lavfi",
                               "-i",       "anullsrc=r=44100:cl=mono",
                               "-c:v",     "libx264",
                               "-preset",  "ultrafast",
                               "-tune",    "zerolatency",
                               "-g",       "25",
                               "-c:a",     "aac",
                               "-b:a",     "32k",
                               "-f",       "flv",
                               url},
      EnvList{}, dir_.path() + "/publisher.log");
  process_->Start();
}

TestPublisher::~TestPublisher() { Stop(); }

void TestPublisher::Stop() {
  if (process_) process_->Stop(5s);
  process_.reset();
}

std::string TestPublisher::ReadLog() const { return ReadFile(dir_.path() + "/publisher.log"); }

int ProbeVideoPackets(const std::string& url, std::chrono::milliseconds timeout) {
  TempDir dir;
  ChildProcess probe({"ffprobe", "-v", "quiet", "-rw_timeout", "5000000", "-read_intervals",
                      "%+#25", "-count_packets", "-select_streams", "v:0", "-show_entries",
                      "stream=nb_read_packets", "-of", "json", url},
                     EnvList{}, dir.path() + "/probe.json");
  probe.Start();
  if (!probe.Wait(timeout)) {
    probe.Kill();
    return 0;
  }
  const Json answer = Json::parse(probe.ReadLog(), nullptr, false);
  if (!answer.is_object() || !answer.contains("streams") || answer["streams"].empty()) return 0;
  const Json& packets = answer["streams"][0]["nb_read_packets"];
  return packets.is_string() ? std::stoi(packets.get<std::string>()) : 0;
}

}  // namespace sc::test
