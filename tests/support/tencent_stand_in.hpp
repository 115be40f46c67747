#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/json.hpp"

namespace sc::test {

// A loopback stand-in for Tencent Cloud (the API 3.0 hosts *.tencentcloudapi.com and the COS
// hosts *.cos.<region>.myqcloud.com, told apart by the Host header), for TENCENT_API_ENDPOINT and
// TENCENT_COS_ENDPOINT. Like Tencent, it recomputes every signature it receives with the secret
// key of the account named in it and refuses the call when they differ (API:
// AuthFailure.SecretIdNotFound / AuthFailure.SignatureFailure / AuthFailure.SignatureExpire;
// COS: 403 InvalidAccessKeyId / SignatureDoesNotMatch / AccessDenied). Accepted calls get answers
// shaped like Tencent's (recorded-style: the documented response structures, made-up ids), or
// what the test configured. It keeps the objects PUT into buckets (HEAD answers their size) and
// plays VoD's upload flow: ApplyUpload hands out temporary credentials (their token required in
// x-cos-security-token) for a VoD bucket, CommitUpload wants the playlist uploaded there,
// ProcessMedia starts a remux that DescribeMediaInfos then reports as done.
class TencentStandIn {
 public:
  struct Account {
    std::string secret_key{};
    std::string app_id{};  // GetUserAppId's AppId; COS bucket names must end in "-<app_id>"
    std::string uin{};
    std::string token{};  // temporary credentials: the security token every call must carry
  };
  // One accepted or refused call, as received.
  struct Call {
    std::string host{};
    std::string service{};  // "cam", "vod", "cos"
    std::string
        action{};  // X-TC-Action; for COS "PUT Bucket", "PUT Bucket policy", "PUT Bucket cors"
    std::string region{};  // X-TC-Region, or the COS host's region
    std::string secret_id{};
    std::string bucket{};
    Json body{};  // parsed JSON body (API, policy)
    std::string raw_body{};
    bool accepted = false;  // the signature was good
  };

  TencentStandIn();
  ~TencentStandIn();
  TencentStandIn(const TencentStandIn&) = delete;
  TencentStandIn& operator=(const TencentStandIn&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void AddAccount(const std::string& secret_id, Account account);
  // The next answers to an API action (or COS action name): HTTP status and body, used once
  // each in order; afterwards the default answer again.
  void Answer(const std::string& action, int status, std::string body);
  // A Tencent error answer ({"Response":{"Error":{...}}}) for the next call of `action`.
  void Fail(const std::string& action, const std::string& code, const std::string& message);
  // Buckets that exist already (PUT Bucket answers 409 BucketAlreadyOwnedByYou).
  void AddBucket(const std::string& bucket);

  // A stored object ("/" + key as the path), if any.
  std::optional<std::string> Object(const std::string& bucket, const std::string& path) const;
  std::size_t ObjectCount() const;

  std::vector<Call> Calls() const;
  std::vector<Call> CallsOf(const std::string& action) const;
  void Clear();

 private:
  http::Response Serve(const http::Request& request);
  http::Response ServeApi(const http::Request& request, Call& call);
  http::Response ServeCos(const http::Request& request, Call& call);
  http::Response ServeObject(const http::Request& request, Call& call);  // mutex_ held
  http::Response ServeVod(const Call& call, const Account& account);     // mutex_ held
  // A configured answer for `action`, if any (consumed). Guarded by mutex_.
  std::optional<std::pair<int, std::string>> TakeAnswerLocked(const std::string& action);

  mutable std::mutex mutex_;
  std::map<std::string, Account> accounts_{};                                  // guarded by mutex_
  std::map<std::string, std::vector<std::pair<int, std::string>>> answers_{};  // guarded by mutex_
  std::set<std::string> buckets_{};                                            // guarded by mutex_
  std::vector<Call> calls_{};                                                  // guarded by mutex_
  std::map<std::string, std::string> objects_{};  // "<bucket><path>" -> body; guarded by mutex_
  struct VodUpload {
    std::string bucket{}, path{}, file_id{}, app_id{};
    std::int64_t definition = -1;  // remux started by ProcessMedia
  };
  std::map<std::string, VodUpload> vod_uploads_{};  // VodSessionKey -> upload; guarded by mutex_
  http::Router router_{};
  std::unique_ptr<http::Server> server_{};
  std::uint16_t port_ = 0;
};

}  // namespace sc::test
