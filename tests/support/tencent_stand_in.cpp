#include "tests/support/tencent_stand_in.hpp"

#include "common/auth/digest.hpp"
#include "common/auth/random.hpp"
#include "common/cloud/cos_signer.hpp"
#include "common/cloud/tc3_signer.hpp"
#include "common/http/url.hpp"
#include "common/util/text.hpp"
#include "common/util/time.hpp"

namespace sc::test {
namespace {

constexpr std::string_view kApiDomain = ".tencentcloudapi.com";
constexpr std::string_view kCosDomain = ".myqcloud.com";

// The actions the daemon uses, with their service versions (spec/tencent.md §3.1).
const std::map<std::string, std::string>& KnownActions() {
  static const std::map<std::string, std::string> actions = {
      {"cam GetUserAppId", "2019-01-16"},
      {"vod CreateService", "2018-07-17"},
      {"vod CreateStorageRegion", "2018-07-17"},
      {"vod DescribeTranscodeTemplates", "2018-07-17"},
      {"vod DescribeVodDomains", "2018-07-17"},
      {"vod ApplyUpload", "2018-07-17"},
      {"vod CommitUpload", "2018-07-17"},
      {"vod ProcessMedia", "2018-07-17"},
      {"vod DescribeMediaInfos", "2018-07-17"}};
  return actions;
}

std::int64_t Now() { return util::EpochSeconds(std::chrono::system_clock::now()); }

http::Response ApiError(const std::string& code, const std::string& message) {
  const Json body = {
      {"Response",
       {{"Error", {{"Code", code}, {"Message", message}}}, {"RequestId", auth::RandomUuid()}}}};
  return http::Response::JsonBody(200, Stringify(body));
}

http::Response ApiResult(Json result) {
  result["RequestId"] = auth::RandomUuid();
  return http::Response::JsonBody(200, Stringify(Json{{"Response", std::move(result)}}));
}

// A COS answer: an XML body with its status (a test's scripted answer, or an error).
http::Response XmlAnswer(const std::pair<int, std::string>& answer) {
  http::Response response;
  response.status = answer.first;
  response.headers.Set("Content-Type", "application/xml");
  response.body = answer.second;
  return response;
}

http::Response CosError(int status, const std::string& code, const std::string& message) {
  return XmlAnswer({status, "<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>" + code +
                                "</Code><Message>" + message + "</Message><RequestId>" +
                                auth::RandomUuid() + "</RequestId></Error>"});
}

// "k=v&k2=v2" (values may hold ';' but never '&'), e.g. a COS Authorization.
std::map<std::string, std::string> SplitPairs(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : http::ParseQuery(text)) out[name] = value;
  return out;
}

std::vector<std::string> SplitList(const std::string& text, char separator) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= text.size() && !text.empty()) {
    const size_t end = std::min(text.find(separator, begin), text.size());
    out.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

Json DefaultTranscodeTemplates() {
  // The shape of DescribeTranscodeTemplates (VoD 2018-07-17); a deprecated remux template comes
  // first, so a setup that does not drop deprecated ones picks the wrong template.
  const auto make = [](int definition, const char* name, const char* container, const char* video,
                       const char* audio) {
    return Json{{"Definition", definition},
                {"Type", "Preset"},
                {"Name", name},
                {"Comment", std::string("preset ") + name},
                {"Container", container},
                {"TEHDConfig", {{"Type", ""}}},
                {"VideoTemplate", {{"Codec", video}, {"Fps", 0}, {"Bitrate", 0}}},
                {"AudioTemplate", {{"Codec", audio}, {"Bitrate", 0}, {"SampleRate", 44100}}},
                {"CreateTime", "2018-08-08T08:08:08Z"},
                {"UpdateTime", "2021-06-01T12:00:00Z"}};
  };
  Json set = Json::array({make(100010, "MP4-FLU", "mp4", "libx264", "libfdk_aac"),
                          make(20, "Deprecated-MP4-Remux", "mp4", "copy", "copy"),
                          make(100210, "HLS-FLU", "hls", "libx264", "libfdk_aac"),
                          make(875, "MP4-Remux", "mp4", "copy", "copy")});
  Json no_audio = make(30, "MP4-NoAudio", "mp4", "copy", "copy");
  no_audio.erase("AudioTemplate");
  set.insert(set.begin(), no_audio);  // no AudioTemplate at all: must be skipped, not crash
  return {{"TotalCount", set.size()}, {"TranscodeTemplateSet", set}};
}

}  // namespace

TencentStandIn::TencentStandIn() {
  router_.AnyRaw("/", [this](const http::Request& request) { return Serve(request); });
  // Object keys of any depth up to 8 parts (the Router has no catch-all for every method).
  std::string pattern;
  for (int depth = 1; depth <= 8; ++depth) {
    pattern += "/:p" + std::to_string(depth);
    router_.AnyRaw(pattern, [this](const http::Request& request) { return Serve(request); });
  }
  server_ = std::make_unique<http::Server>(
      router_, http::ServerOptions{.worker_threads = 2, .access_log = false});
  port_ = server_->Start();
}

TencentStandIn::~TencentStandIn() { server_->Stop(); }

void TencentStandIn::AddAccount(const std::string& secret_id, Account account) {
  std::lock_guard lock(mutex_);
  accounts_[secret_id] = std::move(account);
}

void TencentStandIn::Answer(const std::string& action, int status, std::string body) {
  std::lock_guard lock(mutex_);
  answers_[action].emplace_back(status, std::move(body));
}

void TencentStandIn::Fail(const std::string& action, const std::string& code,
                          const std::string& message) {
  Answer(action, 200,
         Stringify(Json{{"Response",
                         {{"Error", {{"Code", code}, {"Message", message}}},
                          {"RequestId", "stand-in-error"}}}}));
}

void TencentStandIn::AddBucket(const std::string& bucket) {
  std::lock_guard lock(mutex_);
  buckets_.insert(bucket);
}

std::vector<TencentStandIn::Call> TencentStandIn::Calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<TencentStandIn::Call> TencentStandIn::CallsOf(const std::string& action) const {
  std::vector<Call> out;
  for (Call& call : Calls()) {
    if (call.action == action) out.push_back(std::move(call));
  }
  return out;
}

void TencentStandIn::Clear() {
  std::lock_guard lock(mutex_);
  calls_.clear();
}

std::optional<std::pair<int, std::string>> TencentStandIn::TakeAnswerLocked(
    const std::string& action) {
  auto it = answers_.find(action);
  if (it == answers_.end() || it->second.empty()) return std::nullopt;
  auto answer = std::move(it->second.front());
  it->second.erase(it->second.begin());
  return answer;
}

http::Response TencentStandIn::Serve(const http::Request& request) {
  Call call;
  call.host = request.headers.Get("Host").value_or("");
  call.raw_body = request.body;
  call.body = Json::parse(request.body, nullptr, false);
  if (call.body.is_discarded()) call.body = nullptr;
  http::Response response;
  if (call.host.ends_with(kApiDomain)) {
    response = ServeApi(request, call);
  } else if (call.host.ends_with(kCosDomain) && call.host.find(".cos.") != std::string::npos) {
    response = ServeCos(request, call);
  } else {
    response = http::Response::Text(400, "stand-in: unknown host " + call.host);
  }
  std::lock_guard lock(mutex_);
  calls_.push_back(std::move(call));
  return response;
}

http::Response TencentStandIn::ServeApi(const http::Request& request, Call& call) {
  call.service = call.host.substr(0, call.host.find('.'));
  call.action = request.headers.Get("X-TC-Action").value_or("");
  call.region = request.headers.Get("X-TC-Region").value_or("");
  if (request.method != "POST") return ApiError("InvalidParameter", "API 3.0 takes POST here");

  // "TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=...,
  // Signature=..."
  const std::string authorization = request.headers.Get("Authorization").value_or("");
  const std::string credential_tag = "TC3-HMAC-SHA256 Credential=";
  const size_t headers_at = authorization.find(", SignedHeaders=");
  const size_t signature_at = authorization.find(", Signature=");
  if (!authorization.starts_with(credential_tag) || headers_at == std::string::npos ||
      signature_at == std::string::npos) {
    return ApiError("AuthFailure.SignatureFailure", "The Authorization header is malformed.");
  }
  const std::vector<std::string> credential = SplitList(
      authorization.substr(credential_tag.size(), headers_at - credential_tag.size()), '/');
  const std::string signed_headers =
      authorization.substr(headers_at + 16, signature_at - headers_at - 16);
  const std::string signature = authorization.substr(signature_at + 12);
  if (credential.size() != 4 || credential[3] != "tc3_request" || credential[2] != call.service ||
      signed_headers != "content-type;host") {
    return ApiError("AuthFailure.SignatureFailure", "The credential scope is malformed.");
  }
  call.secret_id = credential[0];

  Account account;
  {
    std::lock_guard lock(mutex_);
    const auto it = accounts_.find(call.secret_id);
    if (it == accounts_.end()) {
      return ApiError("AuthFailure.SecretIdNotFound",
                      "The SecretId is not found, please ensure that your SecretId is correct.");
    }
    account = it->second;
  }
  if (!account.token.empty() && request.headers.Get("X-TC-Token").value_or("") != account.token) {
    return ApiError("AuthFailure.TokenFailure", "The token is missing or wrong.");
  }
  const auto timestamp = util::ParseInteger(request.headers.Get("X-TC-Timestamp").value_or(""));
  if (!timestamp || std::abs(*timestamp - Now()) > 300) {
    return ApiError("AuthFailure.SignatureExpire", "Signature expired.");
  }
  const cloud::Tc3Request received{.method = request.method,
                                   .host = call.host,
                                   .service = call.service,
                                   .query = request.query,
                                   .content_type = request.headers.Get("Content-Type").value_or(""),
                                   .payload = request.body,
                                   .timestamp = *timestamp};
  if (credential[1] != cloud::Tc3Date(*timestamp) ||
      !auth::ConstantTimeEquals(cloud::Tc3Signature(account.secret_key, received), signature)) {
    return ApiError("AuthFailure.SignatureFailure",
                    "The provided credentials could not be validated.");
  }
  const auto known = KnownActions().find(call.service + " " + call.action);
  if (known == KnownActions().end()) {
    return ApiError("InvalidAction", "The action " + call.action + " is not supported.");
  }
  if (request.headers.Get("X-TC-Version").value_or("") != known->second) {
    return ApiError("InvalidParameter", "The version does not match the action.");
  }
  if (!call.body.is_object()) return ApiError("InvalidParameter", "The body is not a JSON object.");
  call.accepted = true;

  {
    std::lock_guard lock(mutex_);
    if (auto answer = TakeAnswerLocked(call.action)) {
      return http::Response::JsonBody(answer->first, answer->second);
    }
  }
  if (call.action == "GetUserAppId") {
    return ApiResult(
        {{"AppId", std::stoll(account.app_id)}, {"Uin", account.uin}, {"OwnerUin", account.uin}});
  }
  if (call.action == "DescribeTranscodeTemplates") return ApiResult(DefaultTranscodeTemplates());
  if (call.service == "vod") {
    std::lock_guard lock(mutex_);
    if (http::Response vod = ServeVod(call, account); vod.status != 0) return vod;
  }
  if (call.action == "DescribeVodDomains") {
    return ApiResult(
        {{"TotalCount", 2},
         {"DomainSet",
          Json::array(
              {{{"Domain", "offline.vod.example.com"}, {"DeployStatus", "Offline"}},
               {{"Domain", account.app_id + ".vod2.myqcloud.com"}, {"DeployStatus", "Online"}}})}});
  }
  return ApiResult(Json::object());  // CreateService, CreateStorageRegion
}

http::Response TencentStandIn::ServeCos(const http::Request& request, Call& call) {
  call.service = "cos";
  const size_t cos_at = call.host.find(".cos.");
  call.bucket = call.host.substr(0, cos_at);
  call.region = call.host.substr(cos_at + 5, call.host.size() - cos_at - 5 - kCosDomain.size());
  const cloud::NameValues params = http::ParseQuery(request.query);
  const std::string sub = params.empty() ? "" : params.front().first;
  const bool object = request.path != "/";
  call.action = request.method + (object ? " Object" : " Bucket") + (sub.empty() ? "" : " " + sub);

  auto fields = SplitPairs(request.headers.Get("Authorization").value_or(""));
  if (fields["q-sign-algorithm"] != "sha1" || fields["q-sign-time"] != fields["q-key-time"]) {
    return CosError(403, "AccessDenied", "Authorization is malformed");
  }
  call.secret_id = fields["q-ak"];
  Account account;
  {
    std::lock_guard lock(mutex_);
    const auto it = accounts_.find(call.secret_id);
    if (it == accounts_.end())
      return CosError(403, "InvalidAccessKeyId", "The SecretId does not exist");
    account = it->second;
  }
  const std::vector<std::string> times = SplitList(fields["q-key-time"], ';');
  const auto start = times.size() == 2 ? util::ParseInteger(times[0]) : std::nullopt;
  const auto end = times.size() == 2 ? util::ParseInteger(times[1]) : std::nullopt;
  if (!start || !end || *start > Now() || *end < Now()) {
    return CosError(403, "RequestTimeTooSkewed", "The key time does not cover now");
  }
  cloud::CosSignedRequest received{
      .method = request.method, .path = request.path, .params = params};
  for (const std::string& name : SplitList(fields["q-header-list"], ';')) {
    const auto value = request.headers.Get(name);
    if (!value) return CosError(403, "SignatureDoesNotMatch", "signed header " + name + " missing");
    received.headers.emplace_back(name, *value);
  }
  if (!account.token.empty()) {
    const auto token = request.headers.Get("x-cos-security-token");
    const auto signed_names = SplitList(fields["q-header-list"], ';');
    if (!token || *token != account.token ||
        std::find(signed_names.begin(), signed_names.end(), "x-cos-security-token") == signed_names.end()) {
      return CosError(403, "InvalidAccessKeyId", "The temporary credentials need their security token");
    }
  }
  if (cloud::CosNameList(params) != fields["q-url-param-list"] ||
      !auth::ConstantTimeEquals(
          cloud::CosSignature(account.secret_key, fields["q-key-time"], received),
          fields["q-signature"])) {
    return CosError(403, "SignatureDoesNotMatch",
                    "The calculated signature does not match the one you provided");
  }
  if (!call.bucket.ends_with("-" + account.app_id)) {
    return CosError(403, "AccessDenied", "The bucket does not belong to this account");
  }
  const auto md5 = request.headers.Get("Content-MD5");
  if (md5 && *md5 != auth::Base64Encode(auth::Md5(request.body))) {
    return CosError(400, "BadDigest", "The Content-MD5 does not match the body");
  }
  if (object) {
    std::lock_guard lock(mutex_);
    return ServeObject(request, call);
  }
  if (request.method != "PUT" || (sub != "" && sub != "policy" && sub != "cors")) {
    return CosError(405, "MethodNotAllowed", "The stand-in knows PUT Bucket, policy and cors");
  }
  if (sub == "cors" && !md5) return CosError(400, "MissingContentMD5", "Content-MD5 is required");
  call.accepted = true;

  std::lock_guard lock(mutex_);
  if (auto answer = TakeAnswerLocked(call.action)) return XmlAnswer(*answer);
  if (sub.empty()) {
    if (!buckets_.insert(call.bucket).second) {
      return CosError(409, "BucketAlreadyOwnedByYou", "The bucket you tried to create exists");
    }
  } else if (!buckets_.contains(call.bucket)) {
    return CosError(404, "NoSuchBucket", "The specified bucket does not exist");
  }
  http::Response response;
  response.status = sub == "policy" ? 204 : 200;
  return response;
}

std::optional<std::string> TencentStandIn::Object(const std::string& bucket, const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto it = objects_.find(bucket + path);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::size_t TencentStandIn::ObjectCount() const {
  std::lock_guard lock(mutex_);
  return objects_.size();
}

http::Response TencentStandIn::ServeObject(const http::Request& request, Call& call) {
  if (!buckets_.contains(call.bucket)) return CosError(404, "NoSuchBucket", "The specified bucket does not exist");
  call.accepted = true;
  if (auto answer = TakeAnswerLocked(call.action)) return XmlAnswer(*answer);
  const std::string name = call.bucket + request.path;
  http::Response response;
  if (request.method == "PUT") {
    objects_[name] = request.body;
    response.status = 200;
    response.headers.Set("ETag", "\"" + auth::ToHex(auth::Md5(request.body)) + "\"");
    return response;
  }
  if (request.method == "HEAD" || request.method == "GET") {
    const auto it = objects_.find(name);
    if (it == objects_.end()) return CosError(404, "NoSuchKey", "The specified key does not exist");
    response.status = 200;
    response.body = it->second;
    return response;
  }
  return CosError(405, "MethodNotAllowed", "The stand-in knows PUT, HEAD and GET Object");
}

// VoD's upload flow; status 0: not a VoD action handled here.
http::Response TencentStandIn::ServeVod(const Call& call, const Account& account) {
  const Json& body = call.body;
  if (call.action == "ApplyUpload") {
    if (body.value("MediaType", "") != "m3u8") return ApiError("InvalidParameter.MediaType", "MediaType");
    std::string session = body.value("VodSessionKey", "");
    VodUpload upload;
    if (!session.empty()) {
      const auto it = vod_uploads_.find(session);
      if (it == vod_uploads_.end()) return ApiError("InvalidParameter.VodSessionKey", "unknown session");
      upload = it->second;
    } else {
      session = "vsk-" + auth::RandomHex(8);
      upload = {.bucket = "vodupload-" + account.app_id,
                .path = "/1500000000/" + auth::RandomHex(6) + "/f0.m3u8",
                .app_id = account.app_id};
      vod_uploads_[session] = upload;
    }
    buckets_.insert(upload.bucket);
    const std::string temp_id = "tmp-" + auth::RandomHex(8);
    Account temp{.secret_key = auth::RandomHex(16), .app_id = account.app_id, .uin = account.uin,
                 .token = "token-" + auth::RandomHex(16)};
    accounts_[temp_id] = temp;
    return ApiResult({{"StorageBucket", upload.bucket},
                      {"StorageRegion", "ap-chongqing"},
                      {"MediaStoragePath", upload.path},
                      {"VodSessionKey", session},
                      {"TempCertificate",
                       {{"SecretId", temp_id}, {"SecretKey", temp.secret_key}, {"Token", temp.token},
                        {"ExpiredTime", Now() + 1800}}}});
  }
  if (call.action == "CommitUpload") {
    const auto it = vod_uploads_.find(body.value("VodSessionKey", ""));
    if (it == vod_uploads_.end() || !it->second.file_id.empty()) {
      return ApiError("InvalidParameter.VodSessionKey", "unknown or committed session");
    }
    if (!objects_.contains(it->second.bucket + it->second.path)) {
      return ApiError("FailedOperation.FileNotExist", "the media file was not uploaded");
    }
    it->second.file_id = std::to_string(5285890000000000LL + static_cast<long long>(vod_uploads_.size()));
    return ApiResult({{"FileId", it->second.file_id},
                      {"MediaUrl", "https://" + account.app_id + ".vod2.myqcloud.com" + it->second.path}});
  }
  const auto committed = [this](const std::string& file_id) -> VodUpload* {
    for (auto& [key, upload] : vod_uploads_) {
      if (!file_id.empty() && upload.file_id == file_id) return &upload;
    }
    return nullptr;
  };
  if (call.action == "ProcessMedia") {
    VodUpload* upload = committed(body.value("FileId", ""));
    const Json tasks = body.value("MediaProcessTask", Json::object()).value("TranscodeTaskSet", Json::array());
    if (!upload || tasks.empty()) return ApiError("InvalidParameter", "FileId or TranscodeTaskSet");
    upload->definition = tasks[0].value("Definition", std::int64_t{-1});
    return ApiResult({{"TaskId", account.app_id + "-procedurev2-" + auth::RandomHex(8)}});
  }
  if (call.action == "DescribeMediaInfos") {
    const Json ids = body.value("FileIds", Json::array());
    if (ids.empty() || ids.size() > 20) return ApiError("InvalidParameter.FileIds", "1 to 20 FileIds");
    Json set = Json::array();
    for (const Json& id : ids) {
      const VodUpload* upload = committed(id.is_string() ? id.get<std::string>() : "");
      if (!upload) continue;
      Json transcodes = Json::array();
      if (upload->definition >= 0) {
        transcodes.push_back({{"Definition", upload->definition},
                              {"Url", "https://" + account.app_id + ".vod2.myqcloud.com/remux/" + upload->file_id + ".mp4"},
                              {"Bitrate", 1200000}, {"Height", 720}, {"Width", 1280}, {"Size", 4200000},
                              {"Duration", 30.5}, {"Md5", "0123456789abcdef0123456789abcdef"}});
      }
      set.push_back({{"FileId", upload->file_id}, {"TranscodeInfo", {{"TranscodeSet", transcodes}}}});
    }
    return ApiResult({{"MediaInfoSet", set}, {"NotExistFileIdSet", Json::array()}});
  }
  return http::Response{.status = 0};
}

}  // namespace sc::test
