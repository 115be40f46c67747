#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "common/util/time.hpp"

namespace sc::auth {

// A token as the original's createToken() returns it (spec/common.md §6.1).
struct IssuedToken {
  std::string token{};
  std::string create_at{};  // MySQL time, UTC
  std::string expire_at{};  // creation plus one calendar year, MySQL time, UTC
  std::string nonce{};      // 6 lowercase hex characters, from the CSPRNG
  std::int64_t expire = 31536000;  // lifetime in seconds ("P1Y")
};

// HS256 JWT with claims {v:1, t, d:"P1Y", n, iat, exp=iat+31536000}. Throws ApiError
// 2002/401 "no mgmt password" when `key` is empty.
IssuedToken CreateToken(std::string_view key, util::SystemTime now);

enum class JwtError { kNone, kMalformed, kAlgorithm, kSignature, kExpired };

struct JwtCheck {
  JwtError error = JwtError::kNone;
  Json payload{};          // set when the signature is good (even if expired)
  std::int64_t exp = 0;    // the exp claim, 0 when absent
};

// Verifies a compact JWS: only alg HS256 (no "none", no algorithm switching), signature
// compared in constant time, exp enforced without leeway (expired when now >= exp).
JwtCheck VerifyHs256(std::string_view token, std::string_view key, util::SystemTime now);

std::string Base64UrlEncode(std::string_view bytes);
// Returns false on a character outside the base64url alphabet or an impossible length.
bool Base64UrlDecode(std::string_view text, std::string& out);

}  // namespace sc::auth
