#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace sc::auth {

std::string Sha256Hex(std::string_view data);
std::string Sha1Hex(std::string_view data);
// Raw (binary) HMAC digests, for the signing schemes (JWT, Tencent, AWS).
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HmacSha1(std::string_view key, std::string_view data);
std::string ToHex(std::string_view bytes);
// Raw MD5 and standard (padded) base64, for Content-MD5 headers (COS requires them on some calls).
std::string Md5(std::string_view data);
std::string Base64Encode(std::string_view bytes);
// SHA-256 of a file's content, streamed; throws std::runtime_error if it cannot be read.
std::string Sha256FileHex(const std::filesystem::path& file);

}  // namespace sc::auth
