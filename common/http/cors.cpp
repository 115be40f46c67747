#include "common/http/cors.hpp"

namespace sc::http {

bool IsPreflight(const Request& request) {
  return request.method == "OPTIONS" && request.headers.Has("Access-Control-Request-Method");
}

Response PreflightResponse(const Request& request) {
  Response response;
  response.status = 204;
  response.headers.Set("Access-Control-Allow-Methods", "GET,PUT,POST,PATCH,DELETE,HEAD,OPTIONS");
  if (auto headers = request.headers.Get("Access-Control-Request-Headers")) {
    response.headers.Set("Access-Control-Allow-Headers", *headers);
  }
  return response;
}

void AddCorsHeaders(const Request& request, Response& response) {
  response.headers.Set("Access-Control-Allow-Origin", request.headers.Get("Origin").value_or("*"));
}

}  // namespace sc::http
