#include "common/cloud/tencent_api.hpp"

#include "common/cloud/tc3_signer.hpp"
#include "common/http/client.hpp"
#include "common/util/time.hpp"
#include "sc/version.hpp"

namespace sc::cloud {

Json WithoutNulls(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [name, member] : value.items()) {
      if (!member.is_null()) out[name] = WithoutNulls(member);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(WithoutNulls(item));
    return out;
  }
  return value;
}

TencentApi::TencentApi(TencentEndpoints endpoints) : endpoints_(std::move(endpoints)) {}

Json TencentApi::Call(const TencentCredentials& credentials, const TencentAction& action,
                      const Json& request, std::string_view region) const {
  const std::string service(action.service);
  const std::string host = service + ".tencentcloudapi.com";
  const Tc3Request signed_request{
      .method = "POST",
      .host = host,
      .service = service,
      .query = "",
      .content_type = "application/json",
      .payload = Stringify(WithoutNulls(request.is_null() ? Json::object() : request)),
      .timestamp = util::EpochSeconds(std::chrono::system_clock::now())};

  http::ClientRequest call;
  call.method = "POST";
  call.url = (endpoints_.api.empty() ? "https://" + host : endpoints_.api) + "/";
  call.timeout = endpoints_.timeout;
  call.connect_timeout = std::min(endpoints_.timeout, std::chrono::milliseconds(10'000));
  call.body = signed_request.payload;
  call.headers = {{"Host", host},
                  {"Content-Type", signed_request.content_type},
                  {"X-TC-Action", std::string(action.name)},
                  {"X-TC-Version", std::string(action.version)},
                  {"X-TC-Timestamp", std::to_string(signed_request.timestamp)},
                  {"X-TC-RequestClient", std::string("SRS_CLOUD_") + kVersion},
                  {"Authorization", Tc3Authorization(credentials, signed_request)}};
  if (!region.empty()) call.headers.emplace_back("X-TC-Region", std::string(region));
  if (!credentials.token.empty()) call.headers.emplace_back("X-TC-Token", credentials.token);

  const std::string what = service + " " + std::string(action.name);
  http::ClientResponse response;
  try {
    response = http::Fetch(call);
  } catch (const http::ClientError& error) {
    throw TencentError("", what + ": " + error.what());
  }
  if (response.status != 200) {
    throw TencentError("", what + ": HTTP " + std::to_string(response.status));
  }
  Json answer = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded() || !answer.is_object() || !answer.contains("Response") ||
      !answer["Response"].is_object()) {
    throw TencentError("", what + ": the answer has no Response object");
  }
  Json result = std::move(answer["Response"]);
  if (const auto error = result.find("Error"); error != result.end() && error->is_object()) {
    throw TencentError(error->value("Code", std::string("Unknown")),
                       error->value("Message", std::string("no message")),
                       result.value("RequestId", std::string()));
  }
  return result;
}

}  // namespace sc::cloud
