#include "common/auth/digest.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>

#include "tests/support/net.hpp"

namespace sc::auth {
namespace {

std::string OpenSslHmac(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

// RFC 4231 test case 2.
TEST(DigestTest, HmacSha256MatchesTheRfc4231Vector) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(DigestTest, HmacSha256AgreesWithOpenSslForEveryKeyLength) {
  for (size_t length : {0, 1, 32, 63, 64, 65, 200}) {
    const std::string key(length, 'k');
    EXPECT_EQ(HmacSha256(key, "message"), OpenSslHmac(key, "message")) << length;
  }
}

TEST(DigestTest, ShaDigestsOfKnownInputs) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(ToHex(HmacSha1("key", "The quick brown fox jumps over the lazy dog")),
            "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9");
}

TEST(DigestTest, FileDigestStreamsTheContent) {
  test::TempDir dir;
  std::ofstream(dir.path() + "/f") << std::string(200000, 'a');
  EXPECT_EQ(Sha256FileHex(dir.path() + "/f"), Sha256Hex(std::string(200000, 'a')));
  EXPECT_THROW(Sha256FileHex(dir.path() + "/missing"), std::runtime_error);
}

}  // namespace
}  // namespace sc::auth
