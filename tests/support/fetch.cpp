#include "tests/support/fetch.hpp"

namespace sc::test {

http::ClientResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body,
                           std::vector<std::pair<std::string, std::string>> headers) {
  http::ClientRequest request;
  request.method = method;
  request.url = "http://127.0.0.1:" + std::to_string(port) + target;
  request.body = body;
  request.headers = std::move(headers);
  request.timeout = std::chrono::milliseconds(10000);
  return http::Fetch(request);
}

http::ClientResponse PostJson(std::uint16_t port, const std::string& target, const std::string& body) {
  return Fetch(port, "POST", target, body, {{"Content-Type", "application/json"}});
}

}  // namespace sc::test
