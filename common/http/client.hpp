#pragma once
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/http/message.hpp"
#include "common/json.hpp"

namespace sc::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url{};
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds timeout{3000};          // the whole exchange
  std::chrono::milliseconds connect_timeout{2000};
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  std::string unix_socket{};                        // e.g. the Docker Engine socket
};

struct ClientResponse {
  long status = 0;
  Headers headers{};
  std::string body{};
};

// A transport failure (refused, timed out, too large...), with curl's explanation.
class ClientError : public std::runtime_error {
 public:
  enum class Kind {
    kConnect,  // nothing listens there, or the name does not resolve
    kTimeout,
    kCut,      // the peer closed the connection before a whole answer
    kOther,
  };
  ClientError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Blocking HTTP(S) exchange on libcurl; safe from any thread. Throws ClientError on transport
// failure; any HTTP status is a response, not an error.
ClientResponse Fetch(const ClientRequest& request);

// Sends `body` as JSON (none when null) and parses the answer as JSON. Throws ClientError when the answer is not
// JSON.
Json FetchJson(ClientRequest request, const Json& body);

}  // namespace sc::http
