#pragma once
#include "common/http/message.hpp"

namespace sc::http {

// koa2-cors defaults (spec/common.md §2).

// An OPTIONS request that carries Access-Control-Request-Method.
bool IsPreflight(const Request& request);

// 204 with the allowed methods and the echoed request headers.
Response PreflightResponse(const Request& request);

// Access-Control-Allow-Origin: the request's Origin, or "*".
void AddCorsHeaders(const Request& request, Response& response);

}  // namespace sc::http
