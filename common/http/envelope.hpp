#pragma once
#include <string>

#include "common/http/api_error.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"

namespace sc::http {

// spec/common.md §1, the only place that builds the {code,data} envelope.

// {"code":0} or {"code":0,"data":<data>}; data is omitted when falsy (null, false, 0, NaN, "").
std::string SuccessBody(const Json& data);

// {"code":<code>,"data":{"message":<message>}}
std::string ErrorBody(ErrorCode code, const std::string& message);

Response Success(const Json& data);
Response Failure(const ApiError& error);

}  // namespace sc::http
