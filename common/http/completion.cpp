#include "common/http/completion.hpp"

#include <atomic>

#include "common/http/api_error.hpp"
#include "common/http/cors.hpp"
#include "common/http/envelope.hpp"
#include "common/log/log.hpp"

namespace sc::http {

struct Completion::State {
  State(const Request& request, std::function<void(Response)> finish)
      : request(request), finish(std::move(finish)) {}
  ~State() {
    if (!answered.exchange(true)) {
      spdlog::error("{} {}: the handler never answered", request.method, request.path);
      Deliver(Failure(ApiError(ErrorCode::kGeneric, 500, "no answer")));
    }
  }
  void Deliver(Response response) {
    AddCorsHeaders(request, response);
    finish(std::move(response));
  }

  const Request& request;
  const std::function<void(Response)> finish;
  std::atomic<bool> answered{false};
};

Completion::Completion(const Request& request, std::function<void(Response)> finish)
    : state_(std::make_shared<State>(request, std::move(finish))) {}

void Completion::Answer(Response response) const {
  if (state_->answered.exchange(true)) return;
  state_->Deliver(std::move(response));
}

void Completion::Succeed(const Json& data) const { Answer(Success(data)); }

void Completion::Fail(std::exception_ptr error) const { Answer(FailureFor(state_->request, error)); }

Response FailureFor(const Request& request, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const ApiError& failure) {
    spdlog::warn("{} {}: code={} status={} {}", request.method, request.path,
                 static_cast<int>(failure.code()), failure.http_status(), failure.what());
    return Failure(failure);
  } catch (const std::exception& failure) {
    spdlog::error("{} {}: {}", request.method, request.path, failure.what());
    return Failure(ApiError(ErrorCode::kGeneric, 500, failure.what()));
  } catch (...) {
    spdlog::error("{} {}: unknown exception", request.method, request.path);
    return Failure(ApiError(ErrorCode::kGeneric, 500, "unknown error"));
  }
}

}  // namespace sc::http
