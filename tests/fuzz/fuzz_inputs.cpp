// One libFuzzer target for the parsers that read outside input (issue: HTTP request/JSON/form
// parsing and the engine callbacks): the first byte picks the parser, the rest is its input.
// Documented refusals (ApiError, EngineError) are the expected answer to junk; anything else
// that escapes, and every sanitizer report, is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/auth/jwt.hpp"
#include "common/engine/nginx_rtmp_query.hpp"
#include "common/engine/srs_api_query.hpp"
#include "common/http/api_error.hpp"
#include "common/http/body.hpp"
#include "common/http/url.hpp"
#include "hooks/hls_segment.hpp"
#include "hooks/stream_event.hpp"

namespace {

using namespace sc;

void SrsCallback(std::string_view input) {
  const Json body = http::ParseBody(std::string("application/json"), input);
  const hooks::StreamEvent event = hooks::FromSrs(body);
  hooks::StreamUrl(event);
  hooks::ActiveStreamRecord(event);
  hooks::SegmentFromSrs(body);
}

void NginxCallback(std::string_view input) {
  const Json form = http::ParseBody(std::string("application/x-www-form-urlencoded"), input);
  const hooks::StreamEvent event = hooks::FromNginx(form);
  hooks::StreamUrl(event);
}

void Query(std::string_view input) {
  hooks::SecretOf(input);
  http::ParseQuery(input);
  http::RedactQuery(input);
  http::PercentDecode(input, true);
}

void Token(std::string_view input) {
  auth::VerifyHs256(input, "srs-v1-fuzz", std::chrono::system_clock::now());
}

void NginxStat(std::string_view input) { engine::StreamsFromNginxRtmpStat(input); }

// "<streams JSON>\n<clients JSON>"
void SrsApi(std::string_view input) {
  const size_t newline = input.find('\n');
  const Json streams = Json::parse(input.substr(0, newline), nullptr, false);
  const Json clients =
      Json::parse(newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1),
                  nullptr, false);
  engine::StreamsFromSrsApi(streams, clients);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 6) {
      case 0: SrsCallback(input); break;
      case 1: NginxCallback(input); break;
      case 2: Query(input); break;
      case 3: Token(input); break;
      case 4: NginxStat(input); break;
      case 5: SrsApi(input); break;
    }
  } catch (const http::ApiError&) {
  } catch (const engine::EngineError&) {
  }
  return 0;
}
