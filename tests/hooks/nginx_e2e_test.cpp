#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fstream>
#include <thread>

#include "common/redis/keys.hpp"
#include "hooks/s3_storage.hpp"
#include "tests/support/tencent_stand_in.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"

namespace sc::hooks {
namespace {

namespace fs = std::filesystem;
namespace keys = redis::keys;
using namespace std::chrono_literals;

// Runs a shell command line (fixed text and test-made paths only), waits, returns the exit status and its stdout.
std::pair<int, std::string> RunShell(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof(buffer), pipe)) out += buffer;
  const int status = pipe ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string Publish(std::uint16_t rtmp_port, const std::string& path, int seconds) {
  return "ffmpeg -nostdin -v error -re -f lavfi -i testsrc=size=320x240:rate=15 -f lavfi -i sine=frequency=440 -t " +
         std::to_string(seconds) + " -c:v libx264 -preset ultrafast -g 15 -c:a aac -f flv 'rtmp://127.0.0.1:" +
         std::to_string(rtmp_port) + path + "' 2>&1";
}

// The whole chain on loopback: real nginx + libnginx-mod-rtmp calling the real srs-cloud-hooks
// (nginx/verify), ffmpeg publishing, the HLS watcher taking nginx's segments into local-disk DVR
// (one daemon) and S3 DVR on s3rver, a stand-in for S3 (a second daemon with its own Redis), COS
// DVR and Tencent VoD on the loopback stand-in for Tencent Cloud (a third daemon), and ffprobe
// playing the playlists.
class NginxEndToEndTest : public ::testing::Test {
 protected:
  NginxEndToEndTest() {
    fs::create_directories(hls_ / "live");
    WriteNginxConfig();
  }

  void WriteNginxConfig() {
    const std::string verify = "http://127.0.0.1:" + std::to_string(hooks_port_) + "/terraform/v1/hooks/nginx/verify";
    std::ofstream(dir_ / "nginx.conf")
        << "load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;\n"
        << "user root;\nworker_processes 1;\npid " << (dir_ / "nginx.pid").string() << ";\n"
        << "error_log " << (dir_ / "error.log").string() << " info;\n"
        << "events { worker_connections 256; }\n"
        << "rtmp {\n  server {\n    listen 127.0.0.1:" << rtmp_port_ << ";\n    chunk_size 4096;\n"
        << "    notify_method post;\n"
        << "    application live {\n      live on;\n"
        << "      on_publish " << verify << ";\n      on_publish_done " << verify << ";\n"
        << "      on_play " << verify << ";\n      on_done " << verify << ";\n"
        // The layout nginx_hls_watcher.hpp expects: hls_path <root>/<app>, sequential names.
        << "      hls on;\n      hls_path " << (hls_ / "live").string() << ";\n"
        << "      hls_fragment 1s;\n      hls_playlist_length 60s;\n      hls_cleanup off;\n"
        << "    }\n  }\n}\n";
  }

  std::unique_ptr<test::ChildProcess> Hooks(const test::RedisServer& redis, std::uint16_t port, const std::string& name,
                                            test::EnvList extra) {
    test::EnvList env{{"SRS_CLOUD_HOME", (dir_ / name).string()},
                      {"HOOKS_PORT", std::to_string(port)},
                      {"REDIS_PORT", std::to_string(redis.port())},
                      {"REDIS_PASSWORD", redis.password()},
                      {"NGINX_HLS_DIR", hls_.string()},
                      {"HOOKS_WORKER_POLL_MS", "200"},
                      // Well above the 1 s fragments: a loaded machine (ctest -j2) once kept
                      // two daemons from seeing a new segment for 3 s, which split their sessions.
                      {"HOOKS_SESSION_IDLE_SECONDS", "6"}};
    env.insert(env.end(), extra.begin(), extra.end());
    fs::create_directories(dir_ / name);
    auto daemon = std::make_unique<test::ChildProcess>(std::vector<std::string>{test::BinaryPath("srs-cloud-hooks")},
                                                       env, (dir_ / (name + ".log")).string());
    daemon->Start();
    EXPECT_TRUE(test::WaitForHttp(port, "/terraform/v1/hooks/versions", 10s)) << daemon->ReadLog();
    return daemon;
  }

  // The finished DVR session in `redis`, waiting up to `timeout` for it.
  static Json FinishedSession(redis::Client& redis, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const auto& [uuid, text] : redis.Hgetall(keys::kSrsDvrM3u8Metadata)) {
        const Json metadata = Json::parse(text);
        if (metadata["progress"] == false) return metadata;
      }
      std::this_thread::sleep_for(200ms);
    }
    return {};
  }

  static double ProbeSeconds(const std::string& url) {
    const auto [status, out] =
        RunShell("ffprobe -v error -show_entries format=duration -of csv=p=0 '" + url + "' 2>&1");
    EXPECT_EQ(status, 0) << url << ": " << out;
    return std::strtod(out.c_str(), nullptr);
  }

  test::TempDir tmp_;
  const fs::path dir_ = tmp_.path();
  const fs::path hls_ = dir_ / "hls";
  const std::uint16_t rtmp_port_ = test::FreePort();
  const std::uint16_t hooks_port_ = test::FreePort();
};

TEST_F(NginxEndToEndTest, PublishIsCheckedAndSegmentsAreRecordedToDiskS3AndTencentStandIn) {
  ASSERT_TRUE(fs::exists("/usr/lib/nginx/modules/ngx_rtmp_module.so")) << "auto/setup installs libnginx-mod-rtmp";
  test::RedisServer redis_server, s3_redis_server;
  redis::Client redis(redis_server.options()), s3_redis(s3_redis_server.options());
  redis.Set(keys::kSrsSecretPublish, "goodsecret1");
  redis.Hset(keys::kSrsDvrPatterns, "all", "true");
  s3_redis.Hset(keys::kSrsDvrPatterns, "all", "true");

  // s3rver, a stand-in for S3.
  test::TempDir s3_data;
  const std::uint16_t s3_port = test::FreePort();
  test::ChildProcess s3rver({"node", std::string(SC_SOURCE_DIR) + "/tests/hooks/s3rver/node_modules/s3rver/bin/s3rver.js",
                             "-d", s3_data.path(), "-a", "127.0.0.1", "-p", std::to_string(s3_port),
                             "--configure-bucket", "bucket", "--no-vhost-buckets"},
                            {}, s3_data.path() + "/s3rver.log");
  s3rver.Start();
  const S3Options s3{.endpoint = "http://127.0.0.1:" + std::to_string(s3_port), .bucket = "bucket",
                     .credentials = {.access_key_id = "S3RVER", .secret_access_key = "S3RVER"}};

  // The stand-in for Tencent Cloud, with the account the tencent daemon would have stored.
  test::TencentStandIn cloud;
  constexpr const char* kBucket = "srs-lighthouse-e2e0-1250000000";
  cloud.AddAccount("AKIDe2e", {.secret_key = "e2e-key", .app_id = "1250000000", .uin = "100001"});
  cloud.AddBucket(kBucket);
  test::RedisServer tencent_redis_server;
  redis::Client tencent_redis(tencent_redis_server.options());
  tencent_redis.Hset(keys::kSrsDvrPatterns, "all", "true");
  tencent_redis.Hset(keys::kSrsVodPatterns, "all", "true");
  tencent_redis.Hset(keys::kSrsTencentCam, "secretId", "AKIDe2e");
  tencent_redis.Hset(keys::kSrsTencentCam, "secretKey", "e2e-key");
  tencent_redis.Hset(keys::kSrsTencentCos, "bucket", kBucket);
  tencent_redis.Hset(keys::kSrsTencentLh, "region", "ap-guangzhou");

  auto hooks = Hooks(redis_server, hooks_port_, "disk", {});
  auto tencent_hooks = Hooks(tencent_redis_server, test::FreePort(), "tencent",
                             {{"DVR_STORAGE", "cos"}, {"TENCENT_COS_ENDPOINT", cloud.url()},
                              {"TENCENT_API_ENDPOINT", cloud.url()}});
  auto s3_hooks = Hooks(s3_redis_server, test::FreePort(), "s3",
                        {{"DVR_STORAGE", "s3"}, {"S3_ENDPOINT", s3.endpoint}, {"S3_BUCKET", "bucket"},
                         {"S3_ACCESS_KEY_ID", "S3RVER"}, {"S3_SECRET_ACCESS_KEY", "S3RVER"}});

  test::ChildProcess nginx({"nginx", "-p", dir_.string(), "-c", (dir_ / "nginx.conf").string(), "-e",
                            (dir_ / "error.log").string(), "-g", "daemon off;"},
                           {}, (dir_ / "nginx.out").string());
  nginx.Start();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!test::PortAcceptsConnections(rtmp_port_) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(test::PortAcceptsConnections(rtmp_port_)) << nginx.ReadLog();

  // The wrong secret is cut off at publish.
  const auto [bad_status, bad_out] = RunShell(Publish(rtmp_port_, "/live/intruder?secret=wrong", 3));
  EXPECT_NE(bad_status, 0) << bad_out;
  EXPECT_FALSE(redis.Hget(keys::kSrsStreamActive, "live/intruder"));

  // The right secret streams; the stream is recorded while live.
  std::atomic<bool> seen_active{false};
  std::thread poll([&] {
    for (int i = 0; i < 100 && !seen_active; ++i) {
      if (redis.Hget(keys::kSrsStreamActive, "live/livestream")) seen_active = true;
      std::this_thread::sleep_for(100ms);
    }
  });
  const auto [good_status, good_out] = RunShell(Publish(rtmp_port_, "/live/livestream?secret=goodsecret1", 7));
  poll.join();
  EXPECT_EQ(good_status, 0) << good_out;
  EXPECT_TRUE(seen_active);

  // Local disk: the finished session plays through the hooks routes.
  const Json disk = FinishedSession(redis, 30s);
  ASSERT_TRUE(disk.is_object()) << hooks->ReadLog();
  EXPECT_GE(disk["nn"].get<int>(), 4) << disk.dump();
  EXPECT_EQ(disk["storage"], "local");
  EXPECT_EQ(disk["app"], "live");
  const std::string base = "http://127.0.0.1:" + std::to_string(hooks_port_) + "/terraform/v1/hooks/dvr/hls/";
  const std::string uuid = disk["uuid"];
  EXPECT_GT(ProbeSeconds(base + uuid + ".m3u8"), 4.0);
  EXPECT_GT(ProbeSeconds(base + uuid + "/index.m3u8"), 4.0);
  EXPECT_TRUE(fs::exists(dir_ / "disk/containers/data/record" / uuid / "index.m3u8"));
  EXPECT_FALSE(redis.Hget(keys::kSrsStreamActive, "live/livestream")) << "publish_done not applied";

  // S3: the second daemon watches the same folder with its own Redis, so it records the whole
  // stream too (daemons sharing one Redis would split the segments between them instead).
  const Json remote = FinishedSession(s3_redis, 30s);
  ASSERT_TRUE(remote.is_object()) << s3_hooks->ReadLog();
  EXPECT_EQ(remote["storage"], "s3");
  EXPECT_EQ(remote["nn"], disk["nn"]);
  S3Storage bucket(s3);
  const auto index = bucket.Locate(remote["uuid"].get<std::string>() + "/index.m3u8");
  ASSERT_TRUE(index);
  EXPECT_GT(ProbeSeconds(std::get<std::string>(*index)), 4.0);

  // COS: the third daemon's DVR session is in the account's bucket, with its playlist.
  const Json cos = FinishedSession(tencent_redis, 30s);
  ASSERT_TRUE(cos.is_object()) << tencent_hooks->ReadLog();
  EXPECT_EQ(cos["storage"], "cos");
  EXPECT_EQ(cos["bucket"], kBucket);
  EXPECT_EQ(cos["nn"], disk["nn"]);
  const std::string cos_uuid = cos["uuid"];
  const auto cos_index = cloud.Object(kBucket, "/" + cos_uuid + "/index.m3u8");
  ASSERT_TRUE(cos_index) << tencent_hooks->ReadLog();
  for (const Json& file : cos["files"]) {
    EXPECT_NE(cos_index->find(file["tsid"].get<std::string>() + ".ts"), std::string::npos);
    EXPECT_EQ(cloud.Object(kBucket, "/" + file["key"].get<std::string>()).value_or("").size(),
              file["size"].get<std::size_t>());
  }
  // VoD: the same segments went through ApplyUpload to the VoD bucket and were committed.
  Json vod;
  for (const auto wait_until = std::chrono::steady_clock::now() + 30s;
       std::chrono::steady_clock::now() < wait_until && !vod.contains("fileId");
       std::this_thread::sleep_for(200ms)) {
    const auto sessions = tencent_redis.Hgetall(keys::kSrsVodM3u8Metadata);
    if (!sessions.empty()) vod = Json::parse(sessions[0].second);
  }
  ASSERT_TRUE(vod.contains("fileId")) << vod.dump() << tencent_hooks->ReadLog();
  EXPECT_EQ(vod["nn"], disk["nn"]);
  EXPECT_EQ(cloud.CallsOf("CommitUpload").size(), 1u);
  for (const auto& call : cloud.Calls()) EXPECT_TRUE(call.accepted) << call.action;

  nginx.Stop(5s);
  EXPECT_EQ(hooks->Stop(5s), 0);
  EXPECT_EQ(s3_hooks->Stop(5s), 0);
  EXPECT_EQ(tencent_hooks->Stop(5s), 0);
  EXPECT_EQ(tencent_hooks->ReadLog().find("e2e-key"), std::string::npos) << "the secret key reached the log";
  EXPECT_EQ(hooks->ReadLog().find("goodsecret1"), std::string::npos) << "the publish secret reached the log";
}

}  // namespace
}  // namespace sc::hooks
