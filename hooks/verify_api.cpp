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

}  // namespace

VerifyApi::VerifyApi(PublishSecret& secret, const auth::TokenAuth& auth,
                     std::vector<std::string> engine_addresses, BookkeepingWriter& writer)
    : secret_(secret), auth_(auth), engine_addresses_(std::move(engine_addresses)), writer_(writer) {}

Json VerifyApi::Versions(const http::Request&) const { return {{"version", kVersion}}; }

void VerifyApi::RequireEngine(const http::Request& request) const {
  hooks::RequireEngine(request, engine_addresses_);
}

void VerifyApi::Apply(const StreamEvent& event, BookkeepingWriter::Written written) const {
  if (event.action == "on_publish" && !secret_.Accepts(event.secret)) {
    const std::string param = http::RedactQuery(event.param);
    if (std::uint64_t held_back = 0; refusal_log_.Take(held_back)) {
      spdlog::warn("verify: publish {}/{} refused, client={} param={}{}", event.app, event.stream,
                   event.client, param,
                   held_back ? fmt::format(" ({} more refused publishes not logged one by one)", held_back) : "");
    }
    // The param is echoed as the original did, with the secret's value masked. Handed over
    // rather than thrown: a client retrying a wrong secret should not cost an unwind each time.
    return written(std::make_exception_ptr(http::Unauthorized(
        ErrorCode::kSrsVerify, "invalid params=" + param + " action=" + event.action)));
  }
  const std::string url = StreamUrl(event);
  // Debug only: at thousands of callbacks a second an info line each costs more than the work.
  if (spdlog::should_log(spdlog::level::debug)) {
    spdlog::debug("verify: {} url={} client={} param={}", event.action, url, event.client,
                  http::RedactQuery(event.param));
  }
  if (url.empty()) return written(nullptr);
  // §4.2 steps 3 to 5.
  std::vector<std::vector<std::string>> writes;
  if (event.action == "on_publish") {
    const std::string record = ActiveStreamRecord(event);
    writes = {{"HSET", std::string(keys::kSrsStreamActive), url, record},
              {"HINCRBY", std::string(keys::kSrsStatCounter), "publish", "1"}};
    if (event.srt) writes.push_back({"HSET", std::string(keys::kSrsStreamSrtActive), url, record});
    if (event.rtc) writes.push_back({"HSET", std::string(keys::kSrsStreamRtcActive), url, record});
  } else if (event.action == "on_unpublish") {
    writes = {{"HDEL", std::string(keys::kSrsStreamActive), url},
              {"HDEL", std::string(keys::kSrsStreamSrtActive), url},
              {"HDEL", std::string(keys::kSrsStreamRtcActive), url}};
  } else if (event.action == "on_play") {
    writes = {{"HINCRBY", std::string(keys::kSrsStatCounter), "play", "1"}};
  }
  if (writes.empty()) return written(nullptr);
  writer_.Write(std::move(writes), std::move(written));
}

void VerifyApi::SrsVerify(const http::Request& request, http::Completion done) const {
  RequireEngine(request);
  Apply(FromSrs(request.json), [done](std::exception_ptr error) {
    if (error) return done.Fail(error);
    done.Succeed(nullptr);
  });
}

void VerifyApi::NginxVerify(const http::Request& request, http::Completion done) const {
  const auto answer = [&request, done](std::exception_ptr error) {
    if (!error) return done.Succeed(nullptr);
    // nginx-rtmp reads only the status: 403 rejects (port-decisions.md §2).
    http::Response response = http::FailureFor(request, error);
    if (response.status == 401) response.status = 403;
    done.Answer(std::move(response));
  };
  try {
    RequireEngine(request);
    Apply(FromNginx(request.json), answer);
  } catch (...) {
    answer(std::current_exception());
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
