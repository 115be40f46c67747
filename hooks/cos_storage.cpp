#include "hooks/cos_storage.hpp"

#include "common/http/url.hpp"
#include "common/util/text.hpp"

namespace sc::hooks {
namespace {

// Keys are checked as the other stores check them; VoD keys start with '/' (MediaStoragePath),
// which COS drops like the SDK did.
void RequireSafe(const std::string& key) {
  const std::string_view relative = std::string_view(key).substr(key.starts_with('/') ? 1 : 0);
  if (!IsSafeKey(relative)) throw std::invalid_argument("unsafe object key " + key);
}

}  // namespace

CosStorage::CosStorage(cloud::TencentEndpoints endpoints, AccountSource account)
    : client_(std::move(endpoints)), account_(std::move(account)) {}

CosAccount CosStorage::Require() const {
  CosAccount account = account_();
  if (!account.complete()) throw std::runtime_error("COS is not configured (keys, bucket or region missing)");
  return account;
}

void CosStorage::PutText(const std::string& key, const std::string& body, const std::string& content_type) {
  RequireSafe(key);
  const CosAccount account = Require();
  client_.Send(account.credentials, {.method = "PUT",
                                     .bucket = account.bucket,
                                     .region = account.region,
                                     .key = key,
                                     .params = {},
                                     .headers = {{"Content-Type", content_type},
                                                 {"x-cos-storage-class", "STANDARD"}},
                                     .body = body});
}

void CosStorage::PutFile(const std::string& key, const std::filesystem::path& file,
                         const std::string& content_type) {
  PutText(key, ReadWholeFile(file), content_type);
}

std::optional<std::uint64_t> CosStorage::SizeOf(const std::string& key) {
  RequireSafe(key);
  const CosAccount account = Require();
  http::ClientResponse response;
  try {
    response = client_.Send(account.credentials,
                            {.method = "HEAD", .bucket = account.bucket, .region = account.region, .key = key});
  } catch (const cloud::TencentError& error) {
    if (error.status() == 404) return std::nullopt;
    throw;
  }
  const auto length = util::ParseInteger(response.headers.Get("Content-Length").value_or(""));
  if (!length || *length < 0) throw std::runtime_error("COS HEAD " + key + ": no Content-Length");
  return static_cast<std::uint64_t>(*length);
}

std::optional<Storage::Location> CosStorage::Locate(const std::string& key) {
  const std::string_view relative = std::string_view(key).substr(key.starts_with('/') ? 1 : 0);
  if (!IsSafeKey(relative)) return std::nullopt;
  const CosAccount account = account_();
  if (account.bucket.empty() || account.region.empty()) return std::nullopt;
  std::string path;
  std::size_t begin = 0;
  while (begin <= relative.size()) {  // IsSafeKey: no empty parts
    const std::size_t slash = std::min(relative.find('/', begin), relative.size());
    path += "/" + http::PercentEncode(relative.substr(begin, slash - begin));
    begin = slash + 1;
  }
  return Location{"https://" + cloud::CosClient::Host(account.bucket, account.region) + path};
}

}  // namespace sc::hooks
