#include "hooks/s3_storage.hpp"

#include "common/auth/digest.hpp"
#include "common/http/client.hpp"
#include "common/util/text.hpp"

namespace sc::hooks {
namespace {

// S3 answers errors as XML: <Error><Code>..</Code><Message>..</Message></Error>.
std::string Explain(const http::ClientResponse& response) {
  const auto pick = [&](const std::string& tag) {
    const auto start = response.body.find("<" + tag + ">");
    const auto end = response.body.find("</" + tag + ">");
    if (start == std::string::npos || end == std::string::npos || end < start) return std::string();
    return response.body.substr(start + tag.size() + 2, end - start - tag.size() - 2);
  };
  return "HTTP " + std::to_string(response.status) + " " + pick("Code") + " " + pick("Message");
}

S3Options WithoutTrailingSlash(S3Options options) {
  while (!options.endpoint.empty() && options.endpoint.back() == '/') options.endpoint.pop_back();
  return options;
}

}  // namespace

S3Storage::S3Storage(S3Options options) : options_(WithoutTrailingSlash(std::move(options))) {}

bool S3Storage::ready() const {
  return !options_.endpoint.empty() && !options_.bucket.empty() &&
         !options_.credentials.access_key_id.empty() && !options_.credentials.secret_access_key.empty();
}

S3Storage::Target S3Storage::TargetOf(const std::string& key) const {
  if (!IsSafeKey(key)) throw std::invalid_argument("unsafe object key " + key);
  const auto scheme_end = options_.endpoint.find("://");
  if (scheme_end == std::string::npos) throw std::invalid_argument("S3_ENDPOINT needs a scheme");
  const std::string scheme = options_.endpoint.substr(0, scheme_end);
  std::string host = options_.endpoint.substr(scheme_end + 3);
  std::string base_path;
  if (const auto slash = host.find('/'); slash != std::string::npos) {
    base_path = host.substr(slash);
    host.resize(slash);
  }
  Target target;
  const std::string encoded_key = cloud::UriEncode(key, true);
  if (options_.path_style) {
    target.host = host;
    target.path = base_path + "/" + cloud::UriEncode(options_.bucket, false) + "/" + encoded_key;
  } else {
    target.host = options_.bucket + "." + host;
    target.path = base_path + "/" + encoded_key;
  }
  target.origin = scheme + "://" + target.host;
  return target;
}

void S3Storage::Put(const std::string& key, const std::string& body, const std::string& content_type) {
  const Target target = TargetOf(key);
  cloud::SigV4Request request{.method = "PUT",
                              .path = target.path,
                              .query = {},
                              .headers = {{"Host", target.host}, {"Content-Type", content_type}},
                              .payload_sha256 = auth::Sha256Hex(body)};
  const cloud::SigV4Headers signed_headers =
      cloud::Sign(request, options_.credentials, {.region = options_.region, .service = "s3"},
                  std::chrono::system_clock::now());
  http::ClientRequest put{.method = "PUT", .url = target.origin + target.path};
  put.headers = {{"Content-Type", content_type}};
  for (const auto& header : signed_headers.headers) put.headers.push_back(header);
  put.body = body;
  put.timeout = options_.timeout;
  const http::ClientResponse response = http::Fetch(put);
  if (response.status != 200) throw std::runtime_error("S3 PUT " + key + ": " + Explain(response));
}

void S3Storage::PutFile(const std::string& key, const std::filesystem::path& file,
                        const std::string& content_type) {
  Put(key, ReadWholeFile(file), content_type);
}

void S3Storage::PutText(const std::string& key, const std::string& body, const std::string& content_type) {
  Put(key, body, content_type);
}

std::optional<std::uint64_t> S3Storage::SizeOf(const std::string& key) {
  const Target target = TargetOf(key);
  cloud::SigV4Request request{.method = "HEAD", .path = target.path, .query = {},
                              .headers = {{"Host", target.host}}, .payload_sha256 = {}};
  const cloud::SigV4Headers signed_headers =
      cloud::Sign(request, options_.credentials, {.region = options_.region, .service = "s3"},
                  std::chrono::system_clock::now());
  http::ClientRequest head{.method = "HEAD", .url = target.origin + target.path};
  head.headers = signed_headers.headers;
  head.timeout = options_.timeout;
  const http::ClientResponse response = http::Fetch(head);
  if (response.status == 404) return std::nullopt;
  if (response.status != 200) throw std::runtime_error("S3 HEAD " + key + ": HTTP " + std::to_string(response.status));
  const auto length = util::ParseInteger(response.headers.Get("Content-Length").value_or(""));
  if (!length || *length < 0) throw std::runtime_error("S3 HEAD " + key + ": no Content-Length");
  return static_cast<std::uint64_t>(*length);
}

std::optional<Storage::Location> S3Storage::Locate(const std::string& key) {
  if (!IsSafeKey(key) || !ready()) return std::nullopt;
  const Target target = TargetOf(key);
  cloud::SigV4Request request{.method = "GET", .path = target.path, .query = {},
                              .headers = {{"Host", target.host}}, .payload_sha256 = {}};
  const std::string query =
      cloud::PresignQuery(request, options_.credentials, {.region = options_.region, .service = "s3"},
                          std::chrono::system_clock::now(), options_.presign_seconds);
  return Location{target.origin + target.path + "?" + query};
}

}  // namespace sc::hooks
