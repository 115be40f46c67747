#include "ffmpeg/forward_worker.hpp"

#include <unistd.h>

#include <set>

#include "common/auth/random.hpp"
#include "common/redis/keys.hpp"
#include "common/util/time.hpp"

namespace sc::ffmpeg {
namespace {

namespace keys = redis::keys;

std::string KeyOf(const std::string& platform, const std::string& url) {
  return platform + "@" + url;
}

std::string Now() { return util::IsoTime(std::chrono::system_clock::now()); }

void ReplaceAll(std::string& text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += with.size()) {
    text.replace(at, what.size(), with);
  }
}

// FFmpeg names its output in error lines, and the push URL carries the stream key (§7): the
// URL is masked, and so is the key wherever else it shows up.
std::string WithoutSecret(std::string message, const std::string& output,
                          const std::optional<std::string>& secret) {
  ReplaceAll(message, output, MaskUrl(output));
  if (secret && secret->size() >= 3) ReplaceAll(message, *secret, "***");
  return message;
}

Json FrameRecord(const Progress& progress) {
  Json frame = {{"log", progress.log}, {"update", Now()}};
  if (progress.frames) frame["frames"] = *progress.frames;
  if (progress.fps) frame["fps"] = *progress.fps;
  if (progress.kbps) frame["kbps"] = *progress.kbps;
  if (progress.speed) frame["speed"] = *progress.speed;
  return frame;
}

}  // namespace

ForwardWorker::ForwardWorker(redis::Client& redis, WorkerOptions options)
    : redis_(redis),
      options_(std::move(options)),
      thread_([this](std::stop_token stop) { Loop(stop); }) {}

ForwardWorker::~ForwardWorker() { Stop(); }

void ForwardWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void ForwardWorker::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void ForwardWorker::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    auto wait = options_.period;
    try {
      Pass();
    } catch (const std::exception& e) {
      spdlog::warn("forward: pass failed, retry in {} ms: {}", options_.error_delay.count(),
                   e.what());
      wait = options_.error_delay;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, wait, [this] { return woken_; });
    woken_ = false;
  }
  StopAll();  // on this thread: the children's PR_SET_PDEATHSIG is tied to it
}

void ForwardWorker::Pass() {
  std::vector<ForwardTarget> targets;
  for (const auto& [platform, value] : redis_.Hgetall(keys::kSrsForwardConfig)) {
    auto target = ParseStoredTarget(value);
    if (target && target->platform == platform) targets.push_back(std::move(*target));
  }
  std::vector<ActiveStream> streams;
  for (const auto& [url, value] : redis_.Hgetall(keys::kSrsStreamActive)) {
    if (auto stream = ParseActiveStream(url, value)) streams.push_back(std::move(*stream));
  }
  std::map<std::string, Wanted> wanted;
  for (Wanted& item : Plan(targets, streams)) wanted.emplace(item.key, item);
  Retire(wanted);
  for (const auto& [key, item] : wanted) Supervise(key, Ensure(item));
}

// spec/ffmpeg.md §6.2, extended by the stream choice of custom targets. A mapping is released
// as soon as its target is disabled or deleted or its stream leaves SRS_STREAM_ACTIVE (hooks
// removes it on unpublish); the original only noticed 30 s after FFmpeg's last progress line.
std::vector<ForwardWorker::Wanted> ForwardWorker::Plan(const std::vector<ForwardTarget>& targets,
                                                       const std::vector<ActiveStream>& streams) {
  std::map<std::string, std::string> mapping;
  for (auto& [platform, url] : redis_.Hgetall(keys::kSrsForwardMap)) mapping[platform] = url;
  const auto live = [&streams](const std::string& url) -> const ActiveStream* {
    for (const ActiveStream& stream : streams) {
      if (stream.url == url) return &stream;
    }
    return nullptr;
  };
  std::vector<Wanted> plan;
  std::set<std::string> mapped;
  for (const ForwardTarget& target : targets) {
    if (!target.enabled) continue;
    const auto current = mapping.find(target.platform);
    const ActiveStream* chosen = nullptr;
    switch (target.choice()) {
      case StreamChoice::kEvery:
        for (const ActiveStream& stream : streams) {
          plan.push_back({KeyOf(target.platform, stream.url), &target, &stream});
        }
        continue;
      case StreamChoice::kOne:
        chosen = live(target.stream);
        break;
      case StreamChoice::kFirstLive:
        chosen = current != mapping.end() ? live(current->second) : nullptr;
        if (!chosen && !streams.empty()) chosen = &streams.front();
        break;
    }
    if (!chosen) continue;
    mapped.insert(target.platform);
    if (current == mapping.end() || current->second != chosen->url) {
      redis_.Hset(keys::kSrsForwardMap, target.platform, chosen->url);
    }
    plan.push_back({KeyOf(target.platform, chosen->url), &target, chosen});
  }
  for (const auto& [platform, url] : mapping) {
    if (!mapped.contains(platform)) redis_.Hdel(keys::kSrsForwardMap, platform);
  }
  return plan;
}

void ForwardWorker::Retire(const std::map<std::string, Wanted>& wanted) {
  std::vector<std::string> gone;
  for (const auto& [key, running] : running_) {
    const auto it = wanted.find(key);
    if (it == wanted.end() ||
        running.task->argv() != FfmpegArgv(options_.ffmpeg,
                                           InputUrl(options_.source, *it->second.stream),
                                           OutputUrl(*it->second.target, *it->second.stream))) {
      gone.push_back(key);
    }
  }
  for (const std::string& key : gone) running_.at(key).task->RequestStop();  // all in parallel
  for (const std::string& key : gone) {
    running_.at(key).task->Stop();
    running_.erase(key);
    const bool still_wanted = wanted.contains(key);
    spdlog::info(
        "forward: task {} stopped, {}", key,
        still_wanted ? "its target changed" : "its stream ended or its target was disabled");
    if (!still_wanted) Forget(key);
  }
  // Records of tasks that are gone, or of an earlier run of this daemon (their FFmpeg died
  // with it: PR_SET_PDEATHSIG), are removed, never acted upon.
  for (const std::string& key : redis_.Hkeys(keys::kSrsForwardStream)) {
    if (!wanted.contains(key) && !running_.contains(key)) Forget(key);
  }
}

ForwardWorker::Running& ForwardWorker::Ensure(const Wanted& wanted) {
  if (const auto it = running_.find(wanted.key); it != running_.end()) return it->second;
  const std::string input = InputUrl(options_.source, *wanted.stream);
  const std::string output = OutputUrl(*wanted.target, *wanted.stream);
  Json stored =
      Json::parse(redis_.Hget(keys::kSrsForwardStream, wanted.key).value_or(""), nullptr, false);
  const bool has_uuid = stored.is_object() && stored.contains("uuid") && stored["uuid"].is_string();
  // ForwardObj (§4): {uuid, platform, input, stream, update, output, task, pid}.
  Json record = {{"uuid", has_uuid ? stored["uuid"].get<std::string>() : auth::RandomUuid()},
                 {"platform", wanted.target->platform},
                 {"input", input},
                 {"stream", wanted.stream->record},
                 {"update", Now()},
                 {"output", output},
                 {"task", nullptr},
                 {"pid", getpid()}};
  SaveRecord(wanted.key, record);
  spdlog::info("forward: task {} from {} to {}", wanted.key, input, MaskUrl(output));
  Running running{.task = std::make_unique<ForwardTask>(FfmpegArgv(options_.ffmpeg, input, output),
                                                        options_.task, [this] { Wake(); }),
                  .record = std::move(record),
                  .output = output,
                  .secret = wanted.target->secret};
  return running_.emplace(wanted.key, std::move(running)).first->second;
}

void ForwardWorker::Supervise(const std::string& key, Running& running) {
  const ForwardTask::Event event = running.task->Supervise(std::chrono::steady_clock::now());
  if (const auto* started = std::get_if<ForwardTask::Started>(&event)) {
    running.record["task"] = started->pid;
    running.record["pid"] = getpid();
    SaveRecord(key, running.record);
    redis_.Hdel(keys::kSrsForwardCode, key);
    redis_.Hdel(keys::kSrsForwardFrame, key);
    spdlog::info("forward: task {} started ffmpeg pid {}", key, started->pid);
  } else if (const auto* exited = std::get_if<ForwardTask::Exited>(&event)) {
    const std::string message = WithoutSecret(exited->last_message, running.output, running.secret);
    Json code = {{"close", true},
                 {"code", exited->status.code ? Json(*exited->status.code) : Json(nullptr)},
                 {"update", Now()}};
    if (exited->status.signal) code["signal"] = *exited->status.signal;
    if (!message.empty()) code["log"] = message;
    redis_.Hset(keys::kSrsForwardCode, key, Stringify(code));
    running.record["task"] = nullptr;
    SaveRecord(key, running.record);
    spdlog::warn("forward: task {} ffmpeg exited (code {}, signal {}): {}; restart in {} ms", key,
                 exited->status.code.value_or(-1), exited->status.signal.value_or(0), message,
                 exited->retry_in.count());
  } else if (const auto* failed = std::get_if<ForwardTask::SpawnFailed>(&event)) {
    const Json code = {
        {"close", true}, {"code", nullptr}, {"update", Now()}, {"error", failed->error}};
    redis_.Hset(keys::kSrsForwardCode, key, Stringify(code));
    spdlog::error("forward: task {} cannot start ffmpeg: {}; retry in {} ms", key, failed->error,
                  failed->retry_in.count());
  } else if (const auto* stalled = std::get_if<ForwardTask::Stalled>(&event)) {
    spdlog::warn("forward: task {} {} for {} ms, killing ffmpeg", key,
                 stalled->started ? "made no progress" : "has not started streaming",
                 stalled->silent_for.count());
  }
  if (const auto progress = running.task->TakeProgress()) {
    redis_.Hset(keys::kSrsForwardFrame, key, Stringify(FrameRecord(*progress)));
  }
}

void ForwardWorker::SaveRecord(const std::string& key, const Json& record) {
  redis_.Hset(keys::kSrsForwardStream, key, Stringify(record));
}

void ForwardWorker::Forget(const std::string& key) {
  redis_.Hdel(keys::kSrsForwardStream, key);
  redis_.Hdel(keys::kSrsForwardFrame, key);
  redis_.Hdel(keys::kSrsForwardCode, key);
}

void ForwardWorker::StopAll() {
  for (auto& [key, running] : running_) running.task->RequestStop();
  for (auto& [key, running] : running_) {
    running.task->Stop();
    try {
      running.record["task"] = nullptr;
      SaveRecord(key, running.record);
    } catch (const std::exception& e) {
      spdlog::warn("forward: task {} stopped, its record not updated: {}", key, e.what());
    }
  }
  if (!running_.empty()) spdlog::info("forward: {} task(s) stopped", running_.size());
  running_.clear();
}

}  // namespace sc::ffmpeg
