#include "common/tls/key_pair.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "common/http/api_error.hpp"

namespace sc::tls {
namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

BioPtr Memory(const std::string& text) {
  return {BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free};
}

// An encrypted key is refused rather than prompting for its passphrase on a terminal.
int NoPassphrase(char*, int, int, void*) { return 0; }

[[noreturn]] void Invalid(const std::string& message) {
  ERR_clear_error();
  throw http::BadArgs(http::ErrorCode::kSysInvalid, message);
}

}  // namespace

void ValidateKeyPair(const std::string& key_pem, const std::string& crt_pem) {
  BioPtr key_bio = Memory(key_pem);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, &NoPassphrase, nullptr), &EVP_PKEY_free);
  if (!key) Invalid("key is not a PEM private key");
  BioPtr crt_bio = Memory(crt_pem);
  std::unique_ptr<X509, decltype(&X509_free)> crt(
      PEM_read_bio_X509(crt_bio.get(), nullptr, &NoPassphrase, nullptr), &X509_free);
  if (!crt) Invalid("crt is not a PEM certificate");
  if (X509_check_private_key(crt.get(), key.get()) != 1) {
    Invalid("key does not match the certificate");
  }
}

}  // namespace sc::tls
