#include "hooks/stream_reconciler.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "common/redis/keys.hpp"

namespace sc::hooks {
namespace {

namespace keys = redis::keys;

// "app/stream" of a registry field ("app/stream" or "vhost/app/stream", spec/common.md §10.1):
// the engine reports SRS vhosts by id, so streams are matched by app and name.
std::string AppAndStream(const std::string& field) {
  const size_t last = field.rfind('/');
  if (last == std::string::npos || last == 0) return field;
  const size_t before = field.rfind('/', last - 1);
  return before == std::string::npos ? field : field.substr(before + 1);
}

// HDEL only if the field still holds what was read: a publish that re-registered the stream in
// between keeps its record.
constexpr char kDeleteIfUnchanged[] =
    "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
    "return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0";

}  // namespace

StreamReconciler::StreamReconciler(redis::Client& redis, const engine::EngineQuery& engine)
    : redis_(redis), engine_(engine) {}

int StreamReconciler::Pass() {
  std::set<std::string> live;
  for (const engine::LiveStream& stream : engine_.Streams())
    live.insert(stream.app + "/" + stream.stream);
  std::map<std::string, int> missed;
  int removed = 0;
  for (const std::string_view hash :
       {keys::kSrsStreamActive, keys::kSrsStreamSrtActive, keys::kSrsStreamRtcActive}) {
    for (const auto& [field, value] : redis_.Hgetall(hash)) {
      if (live.contains(AppAndStream(field))) continue;
      const std::string id = std::string(hash) + "\n" + field;
      const int misses = missed_.contains(id) ? missed_.at(id) + 1 : 1;
      if (misses < 2) {
        missed[id] = misses;
        continue;
      }
      const redis::Reply reply =
          redis_.Command({"EVAL", kDeleteIfUnchanged, "1", std::string(hash), field, value});
      if (const std::int64_t* deleted = reply.integer(); deleted && *deleted == 1) {
        ++removed;
        spdlog::info("streams: {} is no longer on the engine; removed from {}", field, hash);
      }
    }
  }
  missed_ = std::move(missed);
  return removed;
}

}  // namespace sc::hooks
