#include "common/auth/digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace sc::auth {
namespace {

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &length, md, nullptr)) {
    throw std::runtime_error("digest failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(md, key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length)) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

}  // namespace

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

std::string Md5(std::string_view data) { return Digest(EVP_md5(), data); }

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

std::string Sha256Hex(std::string_view data) { return ToHex(Digest(EVP_sha256(), data)); }
std::string Sha1Hex(std::string_view data) { return ToHex(Digest(EVP_sha1(), data)); }

// HMAC (RFC 2104) over a SHA-256 fetched once: OpenSSL 3's one-shot HMAC() looks the algorithm
// up on every call, which made it 4x slower; JWTs are signed and checked on every API request.
std::string HmacSha256(std::string_view key, std::string_view data) {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  constexpr size_t kBlock = 64;
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                              &EVP_MD_CTX_free);
  if (!kSha256 || !context) return Hmac(EVP_sha256(), key, data);
  unsigned char block[kBlock] = {};
  unsigned int length = 0;
  if (key.size() > kBlock) {
    EVP_Digest(key.data(), key.size(), block, &length, kSha256, nullptr);
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char pad[kBlock];
  unsigned char inner[EVP_MAX_MD_SIZE];
  unsigned char outer[EVP_MAX_MD_SIZE];
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  EVP_DigestInit_ex(context.get(), kSha256, nullptr);
  EVP_DigestUpdate(context.get(), pad, kBlock);
  EVP_DigestUpdate(context.get(), data.data(), data.size());
  EVP_DigestFinal_ex(context.get(), inner, &length);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  EVP_DigestInit_ex(context.get(), kSha256, nullptr);
  EVP_DigestUpdate(context.get(), pad, kBlock);
  EVP_DigestUpdate(context.get(), inner, length);
  EVP_DigestFinal_ex(context.get(), outer, &length);
  return std::string(reinterpret_cast<const char*>(outer), length);
}
std::string HmacSha1(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha1(), key, data);
}

std::string Sha256FileHex(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    EVP_DigestUpdate(context.get(), buffer, static_cast<size_t>(in.gcount()));
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), out, &length);
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), length));
}

}  // namespace sc::auth
