#include "common/http/client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace sc::http {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  ClientResponse* response;
  std::size_t max_bytes;
  bool overflow = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * count;
  if (sink->response->body.size() + bytes > sink->max_bytes) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->response->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<ClientResponse*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    response->headers = Headers{};  // a new response (after 100 Continue or a redirect)
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    response->headers.Add(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * count;
}

ClientError::Kind KindOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return ClientError::Kind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return ClientError::Kind::kTimeout;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return ClientError::Kind::kCut;
    default:
      return ClientError::Kind::kOther;
  }
}

}  // namespace

ClientResponse Fetch(const ClientRequest& request) {
  GlobalInitOnce();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw ClientError(ClientError::Kind::kOther, "curl_easy_init failed");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
  for (const auto& [name, value] : request.headers) {
    headers.reset(curl_slist_append(headers.release(), (name + ": " + value).c_str()));
  }
  // Answer at once instead of waiting a second for "100 Continue" on large bodies.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));

  ClientResponse response;
  Sink sink{&response, request.max_response_bytes};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // required with timeouts in threads
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response);
  if (!request.unix_socket.empty()) {
    curl_easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, request.unix_socket.c_str());
  }

  const CURLcode code = curl_easy_perform(handle);
  if (sink.overflow) {
    throw ClientError(ClientError::Kind::kOther, request.method + " " + request.url +
                                                     ": response larger than " +
                                                     std::to_string(request.max_response_bytes) +
                                                     " bytes");
  }
  if (code != CURLE_OK) {
    throw ClientError(KindOf(code), request.method + " " + request.url + ": " +
                                        curl_easy_strerror(code));
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Json FetchJson(ClientRequest request, const Json& body) {
  if (!body.is_null()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = Stringify(body);
  }
  const ClientResponse response = Fetch(request);
  Json parsed = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw ClientError(ClientError::Kind::kOther, request.method + " " + request.url + ": HTTP " +
                                                     std::to_string(response.status) +
                                                     ", answer is not JSON");
  }
  return parsed;
}

}  // namespace sc::http
