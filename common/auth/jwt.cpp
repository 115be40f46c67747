#include "common/auth/jwt.hpp"

#include <fmt/format.h>

#include <array>
#include <ctime>

#include "common/auth/digest.hpp"
#include "common/auth/random.hpp"
#include "common/http/api_error.hpp"

namespace sc::auth {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::int64_t kLifetimeSeconds = 31536000;  // 365 days: the "P1Y" of claim d
// Base64Url of {"alg":"HS256","typ":"JWT"}, the header of every token we issue.
constexpr std::string_view kEncodedHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

// kAlphabet's inverse; -1 for characters outside it.
constexpr std::array<signed char, 256> kAlphabetIndex = [] {
  std::array<signed char, 256> index{};
  index.fill(-1);
  for (int i = 0; i < 64; ++i)
    index[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  return index;
}();

// moment().add(1, 'year'): same month and day next year, Feb 29 clamped to Feb 28.
std::string OneCalendarYearLater(util::SystemTime now) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  utc.tm_year += 1;
  if (utc.tm_mon == 1 && utc.tm_mday == 29) utc.tm_mday = 28;
  return util::MysqlTime(std::chrono::system_clock::from_time_t(timegm(&utc)));
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {kAlphabet[n >> 18 & 63], kAlphabet[n >> 12 & 63], kAlphabet[n >> 6 & 63],
            kAlphabet[n & 63]};
  }
  if (bytes.size() - i == 1) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += {kAlphabet[n >> 18 & 63], kAlphabet[n >> 12 & 63]};
  } else if (bytes.size() - i == 2) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {kAlphabet[n >> 18 & 63], kAlphabet[n >> 12 & 63], kAlphabet[n >> 6 & 63]};
  }
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string& out) {
  if (text.size() % 4 == 1) return false;
  out.clear();
  unsigned buffer = 0;
  int bits = 0;
  out.reserve(text.size() * 3 / 4);
  for (char c : text) {
    const int value = kAlphabetIndex[static_cast<unsigned char>(c)];
    if (value < 0) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return true;
}

IssuedToken CreateToken(std::string_view key, util::SystemTime now) {
  if (key.empty()) throw http::Unauthorized(http::ErrorCode::kAuthInit, "no mgmt password");
  IssuedToken issued;
  issued.create_at = util::MysqlTime(now);
  issued.expire_at = OneCalendarYearLater(now);
  issued.nonce = RandomHex(3);
  issued.expire = kLifetimeSeconds;
  const std::int64_t iat = util::EpochSeconds(now);
  // Formatted directly (every value is digits, hex or a MySQL time: nothing to escape); the
  // hot path of /token and /login, where building JSON objects cost a third of the request.
  const std::string payload =
      fmt::format(R"({{"v":1,"t":"{}","d":"P1Y","n":"{}","iat":{},"exp":{}}})", issued.create_at,
                  issued.nonce, iat, iat + kLifetimeSeconds);
  std::string signing_input(kEncodedHeader);
  signing_input += '.';
  signing_input += Base64UrlEncode(payload);
  issued.token = signing_input + "." + Base64UrlEncode(HmacSha256(key, signing_input));
  return issued;
}

JwtCheck VerifyHs256(std::string_view token, std::string_view key, util::SystemTime now) {
  JwtCheck check;
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    check.error = JwtError::kMalformed;
    return check;
  }
  std::string header_text, payload_text, signature;
  if (!Base64UrlDecode(token.substr(0, first), header_text) ||
      !Base64UrlDecode(token.substr(first + 1, second - first - 1), payload_text) ||
      !Base64UrlDecode(token.substr(second + 1), signature)) {
    check.error = JwtError::kMalformed;
    return check;
  }
  if (token.substr(0, first) !=
      kEncodedHeader) {  // ours need no parsing; others (jsonwebtoken's) do
    const Json header = Json::parse(header_text, nullptr, false);
    if (!header.is_object()) {
      check.error = JwtError::kMalformed;
      return check;
    }
    const auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string() || alg->get<std::string>() != "HS256") {
      check.error = JwtError::kAlgorithm;
      return check;
    }
  }
  if (key.empty() || !ConstantTimeEquals(signature, HmacSha256(key, token.substr(0, second)))) {
    check.error = JwtError::kSignature;
    return check;
  }
  Json payload = Json::parse(payload_text, nullptr, false);
  if (!payload.is_object()) {
    check.error = JwtError::kMalformed;
    return check;
  }
  if (const auto exp = payload.find("exp"); exp != payload.end()) {
    if (!exp->is_number()) {
      check.error = JwtError::kMalformed;
      return check;
    }
    check.exp = exp->get<std::int64_t>();
    if (util::EpochSeconds(now) >= check.exp) check.error = JwtError::kExpired;
  }
  check.payload = std::move(payload);
  return check;
}

}  // namespace sc::auth
