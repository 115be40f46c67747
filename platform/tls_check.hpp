#pragma once
#include <string>

namespace sc::platform {

// Checks an uploaded PEM private key and certificate before they replace nginx's: both parse
// and the key belongs to the certificate. Throws ApiError 1004/422 saying which check failed.
void ValidateKeyPair(const std::string& key_pem, const std::string& crt_pem);

}  // namespace sc::platform
