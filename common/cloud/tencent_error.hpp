#pragma once
#include <stdexcept>
#include <string>

namespace sc::cloud {

// A failed Tencent Cloud call: an error Tencent answered (API 3.0 Response.Error, COS <Error>),
// with its code such as "AuthFailure.SecretIdNotFound" or "BucketAlreadyOwnedByYou", or a
// failure on the way (transport, HTTP status, unreadable answer) with an empty code. what() is
// "<code>: <message>" and never carries a secret key; the router answers it as 500, code 1
// (port-decisions.md §4: the library code goes into the message).
class TencentError : public std::runtime_error {
 public:
  TencentError(std::string code, const std::string& message, std::string request_id = {},
               int status = 0)
      : std::runtime_error(code.empty() ? message : code + ": " + message),
        code_(std::move(code)),
        request_id_(std::move(request_id)),
        status_(status) {}

  const std::string& code() const { return code_; }
  const std::string& request_id() const { return request_id_; }
  // The HTTP status of a COS answer (a HEAD's 404 has no XML to tell it by); 0 otherwise.
  int status() const { return status_; }

 private:
  std::string code_;
  std::string request_id_;
  int status_ = 0;
};

}  // namespace sc::cloud
