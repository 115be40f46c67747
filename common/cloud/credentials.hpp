#pragma once
#include <string>

namespace sc::cloud {

// A Tencent Cloud key pair (CAM SecretId/SecretKey), or temporary credentials with their token
// (VoD upload: TmpSecretId/TmpSecretKey/Token). The key never goes into a log line.
struct TencentCredentials {
  std::string secret_id{};
  std::string secret_key{};
  std::string token{};  // temporary credentials only: X-TC-Token / x-cos-security-token
};

}  // namespace sc::cloud
