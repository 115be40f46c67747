#include "common/http/envelope.hpp"

namespace sc::http {

std::string SuccessBody(const Json& data) {
  // The common answer of callbacks (SRS reads it as "allow"), without building a document.
  if (!IsTruthy(data)) return R"({"code":0})";
  Json envelope = {{"code", 0}};
  envelope["data"] = data;
  return Stringify(envelope);
}

std::string ErrorBody(ErrorCode code, const std::string& message) {
  const Json envelope = {{"code", static_cast<int>(code)}, {"data", {{"message", message}}}};
  return Stringify(envelope);
}

Response Success(const Json& data) { return Response::JsonBody(200, SuccessBody(data)); }

Response Failure(const ApiError& error) {
  return Response::JsonBody(error.http_status(), ErrorBody(error.code(), error.what()));
}

}  // namespace sc::http
