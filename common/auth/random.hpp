#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace sc::auth {

// `bytes` bytes from OpenSSL's CSPRNG as lowercase hex (2 * bytes characters). Throws if the
// generator fails; never falls back to a weak source.
std::string RandomHex(std::size_t bytes);

// A UUID v4 from the CSPRNG, e.g. "3b241101-e2bb-4255-8caf-4136c566a962".
std::string RandomUuid();

// Compares in time that depends only on the lengths, not on where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sc::auth
