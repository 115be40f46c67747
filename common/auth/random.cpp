#include "common/auth/random.hpp"

#include "common/auth/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace sc::auth {
namespace {

std::vector<unsigned char> RandomBytes(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    throw std::runtime_error("CSPRNG failure (RAND_bytes)");
  }
  return buffer;
}

}  // namespace

std::string RandomHex(std::size_t bytes) { const auto random = RandomBytes(bytes);
  return ToHex(std::string_view(reinterpret_cast<const char*>(random.data()), random.size())); }

std::string RandomUuid() {
  std::vector<unsigned char> bytes = RandomBytes(16);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex =
      ToHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sc::auth
