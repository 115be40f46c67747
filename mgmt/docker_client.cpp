#include "mgmt/docker_client.hpp"

#include <sstream>

#include "common/http/client.hpp"
#include "common/http/url.hpp"

namespace sc::mgmt {

namespace {

// The API version every call names: Docker 20.10 (Debian 12) speaks 1.41, and later engines
// still accept it, so the answers keep the shape this client reads.
constexpr std::string_view kApi = "/v1.41";

DockerError::Kind KindOf(long status) {
  switch (status) {
    case 404:
      return DockerError::Kind::kNotFound;
    case 409:
      return DockerError::Kind::kConflict;
    default:
      return DockerError::Kind::kOther;
  }
}

// Progress streams (pull, import) answer 200 first and report a failure in a later line
// {"error": "...", "errorDetail": {...}}.
std::optional<std::string> StreamError(const std::string& body) {
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    const Json event = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (event.is_object() && event.contains("error")) {
      return event["error"].is_string() ? event["error"].get<std::string>() : event["error"].dump();
    }
  }
  return std::nullopt;
}

}  // namespace

ContainerLogs DemultiplexLogs(std::string_view stream) {
  ContainerLogs logs;
  while (!stream.empty()) {
    if (stream.size() < 8) {
      throw DockerError(DockerError::Kind::kOther, 0, "docker logs: truncated frame header");
    }
    const auto byte = [&stream](std::size_t i) { return static_cast<unsigned char>(stream[i]); };
    const std::size_t size = (std::size_t{byte(4)} << 24) | (std::size_t{byte(5)} << 16) |
                             (std::size_t{byte(6)} << 8) | std::size_t{byte(7)};
    const unsigned char kind = byte(0);
    if (stream.size() - 8 < size) {
      throw DockerError(DockerError::Kind::kOther, 0, "docker logs: truncated frame");
    }
    const std::string_view payload = stream.substr(8, size);
    if (kind == 1) {
      logs.out.append(payload);
    } else if (kind == 2) {
      logs.err.append(payload);
    } else if (kind != 0) {  // 0 is stdin, which a log never carries but the format allows
      throw DockerError(DockerError::Kind::kOther, 0,
                        "docker logs: unknown stream " + std::to_string(kind));
    }
    stream.remove_prefix(8 + size);
  }
  return logs;
}

std::string DockerSocketPath(std::string_view docker_host) {
  if (docker_host.empty()) return "/var/run/docker.sock";
  constexpr std::string_view kUnix = "unix://";
  if (!docker_host.starts_with(kUnix) || docker_host.size() == kUnix.size()) {
    throw std::invalid_argument("DOCKER_HOST=" + std::string(docker_host) +
                                ": only unix:///path/to/docker.sock is supported");
  }
  return std::string(docker_host.substr(kUnix.size()));
}

DockerClient::DockerClient(std::string socket_path, std::chrono::milliseconds timeout)
    : socket_path_(std::move(socket_path)), timeout_(timeout) {}

DockerClient::Answer DockerClient::Call(const std::string& method, const std::string& path,
                                        std::string body, const std::string& content_type,
                                        std::optional<std::chrono::milliseconds> timeout) const {
  http::ClientRequest request;
  request.method = method;
  // The host part is ignored on a unix socket, but HTTP/1.1 needs one.
  request.url = "http://docker" + std::string(path.starts_with("/_ping") ? "" : kApi) + path;
  request.unix_socket = socket_path_;
  request.timeout = timeout.value_or(timeout_);
  request.body = std::move(body);
  if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
  try {
    http::ClientResponse response = http::Fetch(request);
    return {response.status, std::move(response.body)};
  } catch (const http::ClientError& e) {
    const auto kind = e.kind() == http::ClientError::Kind::kConnect
                          ? DockerError::Kind::kUnreachable
                      : e.kind() == http::ClientError::Kind::kTimeout ? DockerError::Kind::kTimeout
                                                                      : DockerError::Kind::kOther;
    throw DockerError(kind, 0, "docker at " + socket_path_ + ": " + e.what());
  }
}

// Docker's errors are {"message": "..."}; its text is what the operator needs to see.
DockerError DockerClient::ErrorOf(const std::string& what, const Answer& answer) {
  const Json body = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  std::string message = body.is_object() && body.contains("message") && body["message"].is_string()
                            ? body["message"].get<std::string>()
                            : answer.body.substr(0, 200);
  return DockerError(KindOf(answer.status), answer.status,
                     what + ": " + message + " (HTTP " + std::to_string(answer.status) + ")");
}

bool DockerClient::Ping(std::chrono::milliseconds timeout) const {
  try {
    const Answer answer = Call("GET", "/_ping", {}, {}, timeout);
    return answer.status == 200 && answer.body == "OK";
  } catch (const DockerError&) {
    return false;
  }
}

Json DockerClient::Version() const {
  const Answer answer = Call("GET", "/version");
  if (answer.status != 200) throw ErrorOf("docker version", answer);
  Json version = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (!version.is_object()) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker version: answer is not JSON");
  }
  return version;
}

bool DockerClient::HasImage(const std::string& image) const {
  // An image reference holds '/' and ':', which the route takes as they are (images/{name:.*}).
  const Answer answer = Call("GET", "/images/" + image + "/json");
  if (answer.status == 200) return true;
  if (answer.status == 404) return false;
  throw ErrorOf("docker image " + image, answer);
}

void DockerClient::PullImage(const std::string& image) const {
  const Answer answer = Call("POST", "/images/create?fromImage=" + http::PercentEncode(image), {},
                             {}, std::chrono::minutes(10));
  if (answer.status != 200) throw ErrorOf("docker pull " + image, answer);
  if (auto error = StreamError(answer.body)) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker pull " + image + ": " + *error);
  }
}

void DockerClient::ImportImage(const std::string& tarball, const std::string& repo,
                               const std::string& tag,
                               const std::vector<std::string>& changes) const {
  std::string path = "/images/create?fromSrc=-&repo=" + http::PercentEncode(repo) +
                     "&tag=" + http::PercentEncode(tag);
  for (const std::string& change : changes) path += "&changes=" + http::PercentEncode(change);
  const Answer answer = Call("POST", path, tarball, "application/x-tar", std::chrono::minutes(2));
  if (answer.status != 200) throw ErrorOf("docker import " + repo, answer);
  if (auto error = StreamError(answer.body)) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker import " + repo + ": " + *error);
  }
}

std::string DockerClient::Create(const std::string& name, const Json& config) const {
  const Answer answer = Call("POST", "/containers/create?name=" + http::PercentEncode(name),
                             config.dump(), "application/json");
  if (answer.status != 201) throw ErrorOf("docker create " + name, answer);
  const Json created = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (!created.is_object() || !created.contains("Id") || !created["Id"].is_string()) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker create " + name + ": no Id");
  }
  return created["Id"].get<std::string>();
}

void DockerClient::Start(const std::string& id) const {
  const Answer answer = Call("POST", "/containers/" + http::PercentEncode(id) + "/start");
  if (answer.status != 204 && answer.status != 304) throw ErrorOf("docker start " + id, answer);
}

void DockerClient::Stop(const std::string& id, std::chrono::seconds grace) const {
  // The engine answers after the grace period at the latest; the call waits a little longer.
  const Answer answer = Call(
      "POST", "/containers/" + http::PercentEncode(id) + "/stop?t=" + std::to_string(grace.count()),
      {}, {}, timeout_ + grace);
  if (answer.status != 204 && answer.status != 304) throw ErrorOf("docker stop " + id, answer);
}

void DockerClient::Remove(const std::string& id) const {
  const Answer answer = Call("DELETE", "/containers/" + http::PercentEncode(id) + "?force=1");
  if (answer.status != 204 && answer.status != 404) throw ErrorOf("docker rm " + id, answer);
}

std::optional<Json> DockerClient::Inspect(const std::string& id) const {
  const Answer answer = Call("GET", "/containers/" + http::PercentEncode(id) + "/json");
  if (answer.status == 404) return std::nullopt;
  if (answer.status != 200) throw ErrorOf("docker inspect " + id, answer);
  Json inspected = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (!inspected.is_object()) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker inspect " + id + ": not JSON");
  }
  return inspected;
}

ContainerLogs DockerClient::Logs(const std::string& id) const {
  const Answer answer =
      Call("GET", "/containers/" + http::PercentEncode(id) + "/logs?stdout=1&stderr=1");
  if (answer.status != 200) throw ErrorOf("docker logs " + id, answer);
  return DemultiplexLogs(answer.body);  // the containers here never have a TTY
}

int DockerClient::Wait(const std::string& id, std::chrono::milliseconds timeout) const {
  const Answer answer =
      Call("POST", "/containers/" + http::PercentEncode(id) + "/wait", {}, {}, timeout);
  if (answer.status != 200) throw ErrorOf("docker wait " + id, answer);
  const Json waited = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (!waited.is_object() || !waited.contains("StatusCode") || !waited["StatusCode"].is_number()) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker wait " + id + ": no StatusCode");
  }
  return waited["StatusCode"].get<int>();
}

std::vector<Json> DockerClient::List(const std::string& name, bool all) const {
  // The name filter is a regular expression on "/<name>": anchored, so "platform" does not
  // also match "my-platform-2" (spec/mgmt.md §3.2).
  std::string quoted;
  for (const char c : name) {
    if (c == '.') quoted += '\\';  // the one regex character a container name may hold
    quoted += c;
  }
  const Json filters = {{"name", Json::array({"^/" + quoted + "$"})}};
  const Answer answer = Call("GET", std::string("/containers/json?all=") + (all ? "1" : "0") +
                                        "&filters=" + http::PercentEncode(filters.dump()));
  if (answer.status != 200) throw ErrorOf("docker ps " + name, answer);
  const Json listed = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (!listed.is_array()) {
    throw DockerError(DockerError::Kind::kOther, answer.status,
                      "docker ps " + name + ": not a list");
  }
  return {listed.begin(), listed.end()};
}

}  // namespace sc::mgmt
