#pragma once
#include <stdexcept>
#include <string>

namespace sc::http {

// The error codes of js-core/errs.js (spec/common.md §1), numbers kept exactly.
enum class ErrorCode : int {
  kGeneric = 1,
  kSysEmpty = 1000,
  kSysBoot = 1001,
  kSysSsl = 1002,
  kSysResource = 1003,
  kSysInvalid = 1004,
  kSysUpgrading = 1005,
  kSysAuth = 1006,
  kSysRedis = 1007,
  kAuthPassword = 2000,
  kAuthToken = 2001,
  kAuthInit = 2002,
  kSrsVerify = 3000,
  kSrsBtHttps = 3001,
};

// A failure a handler throws on purpose; the router maps it, and only it, to
// {"code":code,"data":{"message":what()}} with http_status(). Anything else becomes 500/code 1.
class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, int http_status, const std::string& message)
      : std::runtime_error(message), code_(code), http_status_(http_status) {}

  ErrorCode code() const { return code_; }
  int http_status() const { return http_status_; }

 private:
  ErrorCode code_;
  int http_status_;
};

// The HTTP statuses of errs.status, plus the ones the port adds.
inline ApiError Unauthorized(ErrorCode code, const std::string& message) {
  return {code, 401, message};
}
inline ApiError BadArgs(ErrorCode code, const std::string& message) { return {code, 422, message}; }
inline ApiError NotFound(ErrorCode code, const std::string& message) { return {code, 404, message}; }
inline ApiError Internal(ErrorCode code, const std::string& message) { return {code, 500, message}; }
inline ApiError BadRequest(const std::string& message) {
  return {ErrorCode::kSysInvalid, 400, message};
}
inline ApiError PayloadTooLarge(const std::string& message) {
  return {ErrorCode::kSysInvalid, 413, message};
}
inline ApiError TooManyRequests(ErrorCode code, const std::string& message) {
  return {code, 429, message};
}

}  // namespace sc::http
