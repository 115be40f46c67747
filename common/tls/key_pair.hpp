#pragma once
#include <string>

namespace sc::tls {

// Checks a PEM private key and certificate before they replace the public site's: both parse and
// the key belongs to the certificate. Throws http::ApiError 1004/422 saying which check failed.
// Platform checks an upload with it before asking mgmt, and mgmt checks again before writing
// (the host RPC has other callers than the dashboard).
void ValidateKeyPair(const std::string& key_pem, const std::string& crt_pem);

}  // namespace sc::tls
