#pragma once
#include <exception>
#include <functional>
#include <memory>

#include "common/http/message.hpp"
#include "common/json.hpp"

namespace sc::http {

// How a deferred handler (Router::AnyDeferred) answers its request: once, from any thread.
// Copies share one answer; only the first call counts. A handler that lets every copy go
// without answering gets a 500, so its connection never hangs.
class Completion {
 public:
  // `finish` receives the response (CORS headers added); `request` outlives the answer.
  Completion(const Request& request, std::function<void(Response)> finish);

  void Answer(Response response) const;       // as a raw handler would return it
  void Succeed(const Json& data) const;       // the {"code":0,"data":...} envelope
  void Fail(std::exception_ptr error) const;  // the error envelope, as for a thrown error

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// The answer for an error a handler threw: an ApiError in its envelope, anything else a 500 with
// code 1 (spec/common.md §1: the code is always numeric, the text goes to message). Logged.
Response FailureFor(const Request& request, std::exception_ptr error);

}  // namespace sc::http
