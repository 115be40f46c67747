#include "hooks/verify_api.hpp"

#include "common/http/api_error.hpp"
#include "common/http/envelope.hpp"
#include "common/http/fields.hpp"
#include "common/http/url.hpp"
#include "common/redis/keys.hpp"
#include "hooks/engine_caller.hpp"
#include "sc/version.hpp"

namespace sc::hooks {
namespace {

using http::ErrorCode;
namespace keys = redis::keys;

// §4.2 steps 3 and 4 in one round trip each (the hot path of every publish).
// KEYS: active, srt active, rtc active, counter; ARGV: url, record, srt ("1"/"0"), rtc.
constexpr std::string_view kPublishScript = R"lua(
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[4], 'publish', 1)
if ARGV[3] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
if ARGV[4] == '1' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
return 1
)lua";
constexpr std::string_view kUnpublishScript = R"lua(
for i = 1, #KEYS do redis.call('HDEL', KEYS[i], ARGV[1]) end
return 1
)lua";

}  // namespace

VerifyApi::VerifyApi(redis::Client& redis, PublishSecret& secret, const auth::TokenAuth& auth,
                     std::vector<std::string> engine_addresses)
    : redis_(redis), secret_(secret), auth_(auth), engine_addresses_(std::move(engine_addresses)) {}

Json VerifyApi::Versions(const http::Request&) const { return {{"version", kVersion}}; }

void VerifyApi::RequireEngine(const http::Request& request) const {
  hooks::RequireEngine(request, engine_addresses_);
}

void VerifyApi::Apply(const StreamEvent& event) const {
  const std::string param = http::RedactQuery(event.param);
  if (event.action == "on_publish" && !secret_.Accepts(event.secret)) {
    spdlog::warn("verify: publish {}/{} refused, client={} param={}", event.app, event.stream,
                 event.client, param);
    // The param is echoed as the original did, with the secret's value masked.
    throw http::Unauthorized(ErrorCode::kSrsVerify,
                             "invalid params=" + param + " action=" + event.action);
  }
  const std::string url = StreamUrl(event);
  spdlog::info("verify: {} url={} client={} param={}", event.action, url, event.client, param);
  if (url.empty()) return;
  if (event.action == "on_publish") {
    redis_.Command({"EVAL", kPublishScript, "4", keys::kSrsStreamActive, keys::kSrsStreamSrtActive,
                    keys::kSrsStreamRtcActive, keys::kSrsStatCounter, url,
                    Stringify(ActiveStreamRecord(event)), event.srt ? "1" : "0", event.rtc ? "1" : "0"});
  } else if (event.action == "on_unpublish") {
    redis_.Command({"EVAL", kUnpublishScript, "3", keys::kSrsStreamActive, keys::kSrsStreamSrtActive,
                    keys::kSrsStreamRtcActive, url});
  } else if (event.action == "on_play") {
    redis_.Hincrby(keys::kSrsStatCounter, "play", 1);
  }
}

Json VerifyApi::SrsVerify(const http::Request& request) const {
  RequireEngine(request);
  Apply(FromSrs(request.json));
  return nullptr;
}

http::Response VerifyApi::NginxVerify(const http::Request& request) const {
  try {
    RequireEngine(request);
    Apply(FromNginx(request.json));
    return http::Success(nullptr);
  } catch (const http::ApiError& error) {
    // nginx-rtmp reads only the status: 403 rejects (port-decisions.md §2).
    http::Response response = http::Failure(error);
    if (response.status == 401) response.status = 403;
    return response;
  }
}

Json VerifyApi::SecretQuery(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  const std::string secret = secret_.Get();
  if (secret.empty()) throw http::Internal(ErrorCode::kSysBoot, "system not boot yet");
  return {{"publish", secret}};
}

Json VerifyApi::SecretUpdate(const http::Request& request) const {
  auth_.VerifyBody(request.json);
  secret_.Set(http::OptionalString(request.json, "secret").value_or(""));
  spdlog::info("secret: publish secret updated");
  return Json::object();
}

}  // namespace sc::hooks
