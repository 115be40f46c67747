#include "common/cloud/cos_client.hpp"

#include "common/http/url.hpp"
#include "common/util/time.hpp"

namespace sc::cloud {
namespace {

// The text of the first <tag>...</tag> in a COS XML answer, or "".
std::string XmlText(const std::string& xml, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const size_t start = xml.find(open);
  if (start == std::string::npos) return {};
  const size_t end = xml.find("</" + tag + ">", start + open.size());
  if (end == std::string::npos) return {};
  return xml.substr(start + open.size(), end - start - open.size());
}

// The URL path: every byte but '/' and RFC 3986's unreserved set percent-encoded.
std::string EncodedPath(const std::string& path) {
  std::string out;
  size_t begin = 0;
  while (begin <= path.size()) {
    const size_t slash = std::min(path.find('/', begin), path.size());
    out += http::PercentEncode(std::string_view(path).substr(begin, slash - begin));
    if (slash < path.size()) out += '/';
    begin = slash + 1;
  }
  return out;
}

std::string EncodedQuery(const NameValues& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    out += out.empty() ? "?" : "&";
    out += http::PercentEncode(name);
    if (!value.empty()) out += "=" + http::PercentEncode(value);
  }
  return out;
}

}  // namespace

CosClient::CosClient(TencentEndpoints endpoints) : endpoints_(std::move(endpoints)) {}

std::string CosClient::Host(const std::string& bucket, const std::string& region) {
  return bucket + ".cos." + region + ".myqcloud.com";
}

std::string CosClient::Path(const std::string& key) {
  return "/" + (key.starts_with('/') ? key.substr(1) : key);
}

http::ClientResponse CosClient::Send(const TencentCredentials& credentials,
                                     const CosRequest& request) const {
  const std::string host = Host(request.bucket, request.region);
  CosSignedRequest signed_request{.method = request.method,
                                  .path = Path(request.key),
                                  .params = request.params,
                                  .headers = {{"Host", host}}};
  for (const auto& header : request.headers) signed_request.headers.push_back(header);
  if (!credentials.token.empty()) {
    signed_request.headers.emplace_back("x-cos-security-token", credentials.token);
  }
  // spec/tencent.md §5: valid from a second ago (clock skew) for 15 minutes.
  const std::int64_t now = util::EpochSeconds(std::chrono::system_clock::now()) - 1;
  const std::string key_time = CosKeyTime(now, now + 900);

  http::ClientRequest call;
  call.method = request.method;
  call.url = (endpoints_.cos.empty() ? "https://" + host : endpoints_.cos) +
             EncodedPath(signed_request.path) + EncodedQuery(request.params);
  call.timeout = endpoints_.timeout;
  call.connect_timeout = std::min(endpoints_.timeout, std::chrono::milliseconds(10'000));
  call.headers = signed_request.headers;
  call.headers.emplace_back("Authorization",
                            CosAuthorization(credentials, key_time, signed_request));
  call.body = request.body;

  const std::string what =
      "COS " + request.method + " " + host + signed_request.path + EncodedQuery(request.params);
  http::ClientResponse response;
  try {
    response = http::Fetch(call);
  } catch (const http::ClientError& error) {
    throw TencentError("", what + ": " + error.what());
  }
  if (response.status >= 200 && response.status < 300) return response;
  const std::string code = XmlText(response.body, "Code");
  const std::string message = XmlText(response.body, "Message");
  throw TencentError(
      code,
      what + ": HTTP " + std::to_string(response.status) + (message.empty() ? "" : ", " + message),
      XmlText(response.body, "RequestId"), response.status);
}

}  // namespace sc::cloud
