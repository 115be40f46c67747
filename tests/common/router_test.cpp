#include "common/http/router.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "common/http/api_error.hpp"

namespace sc::http {
namespace {

Request Make(std::string method, std::string target, std::string body = "",
             std::string content_type = "application/json") {
  Request request;
  request.method = std::move(method);
  request.target = target;
  request.path = target.substr(0, target.find('?'));
  request.body = std::move(body);
  if (!content_type.empty()) request.headers.Add("Content-Type", content_type);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Any("/terraform/v1/mgmt/versions", [](const Request&) { return Json{{"version", "1"}}; })
        .Any("/echo", [](const Request& r) { return r.json; })
        .Any("/nothing", [](const Request&) { return nullptr; })
        .Any("/denied",
             [](const Request&) -> Json { throw Unauthorized(ErrorCode::kSysEmpty, "no token"); })
        .Any("/broken", [](const Request&) -> Json { throw std::runtime_error("boom"); })
        .Any("/dvr/hls/:uuid.m3u8", [](const Request& r) { return Json(r.params.at("uuid")); })
        .AnyRaw("/raw", [](const Request&) { return Response::Text(200, "raw"); })
        .AnyDeferred("/deferred/:what",
                     [](const Request& r, Completion completion) {
                       const std::string what = r.params.at("what");
                       if (what == "twice") {
                         completion.Succeed("first");
                         completion.Answer(Response::Text(200, "second"));
                       } else if (what == "fail") {
                         completion.Fail(std::make_exception_ptr(
                             Unauthorized(ErrorCode::kSysEmpty, "no token")));
                       } else if (what == "late") {
                         std::thread([completion] { completion.Succeed(Json{{"late", true}}); }).detach();
                       }  // "silent": every copy of the completion goes unanswered
                     })
        .Prefix("/static", [](const Request& r) { return Response::Text(200, r.path); });
  }
  Router router_;
};

TEST_F(RouterTest, DeferredRoutesAnswerOnceWithTheEnvelopeAndCors) {
  Request twice = Make("POST", "/deferred/twice");
  twice.headers.Add("Origin", "http://ui.example");
  const Response first = router_.Dispatch(twice);
  EXPECT_EQ(first.body, R"({"code":0,"data":"first"})");
  EXPECT_EQ(first.headers.Get("Access-Control-Allow-Origin"), "http://ui.example");
  Request late = Make("POST", "/deferred/late");
  EXPECT_EQ(router_.Dispatch(late).body, R"({"code":0,"data":{"late":true}})");
  Request fail = Make("POST", "/deferred/fail");
  const Response failed = router_.Dispatch(fail);
  EXPECT_EQ(failed.status, 401);
  EXPECT_EQ(failed.body, R"({"code":1000,"data":{"message":"no token"}})");
  Request silent = Make("POST", "/deferred/silent");
  const Response unanswered = router_.Dispatch(silent);
  EXPECT_EQ(unanswered.status, 500);
  EXPECT_EQ(unanswered.headers.Get("Access-Control-Allow-Origin"), "*");
}

TEST_F(RouterTest, BeginAnswersSynchronousRoutesAndHandsDeferredOnesBack) {
  Request sync = Make("GET", "/terraform/v1/mgmt/versions");
  EXPECT_TRUE(std::holds_alternative<Response>(router_.Begin(sync)));
  Request deferred = Make("GET", "/deferred/late");
  auto begun = router_.Begin(deferred);
  ASSERT_TRUE(std::holds_alternative<Router::Deferred>(begun));
  EXPECT_EQ(deferred.params.at("what"), "late");
  std::promise<Response> answer;
  std::get<Router::Deferred>(begun).Run([&](Response r) { answer.set_value(std::move(r)); });
  EXPECT_EQ(answer.get_future().get().status, 200);
}

TEST_F(RouterTest, AnyMethodIsAccepted) {
  for (const char* method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
    Request request = Make(method, "/terraform/v1/mgmt/versions");
    const Response response = router_.Dispatch(request);
    EXPECT_EQ(response.status, 200) << method;
    EXPECT_EQ(response.body, R"({"code":0,"data":{"version":"1"}})");
  }
}

TEST_F(RouterTest, PathIsCaseInsensitiveWithOneOptionalTrailingSlash) {
  for (const char* target : {"/Terraform/V1/MGMT/versions", "/terraform/v1/mgmt/versions/",
                             "/terraform/v1/mgmt/versions?x=1"}) {
    Request request = Make("GET", target);
    EXPECT_EQ(router_.Dispatch(request).status, 200) << target;
  }
  Request two_slashes = Make("GET", "/terraform/v1/mgmt/versions//");
  EXPECT_EQ(router_.Dispatch(two_slashes).status, 404);
}

TEST_F(RouterTest, UnknownPathIsPlain404) {
  Request request = Make("GET", "/nope");
  const Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "Not Found");
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(request.route, "(unmatched)");
}

TEST_F(RouterTest, JsonBodyReachesTheHandler) {
  Request request = Make("POST", "/echo", R"({"token":"t","n":1})");
  EXPECT_EQ(router_.Dispatch(request).body, R"({"code":0,"data":{"token":"t","n":1}})");
}

TEST_F(RouterTest, FormBodyReachesTheHandlerAsStrings) {
  Request request = Make("POST", "/echo", "a=1&b=x", "application/x-www-form-urlencoded");
  EXPECT_EQ(router_.Dispatch(request).body, R"({"code":0,"data":{"a":"1","b":"x"}})");
}

TEST_F(RouterTest, NoBodyGivesAnEmptyObject) {
  Request request = Make("GET", "/echo", "", "");
  EXPECT_EQ(router_.Dispatch(request).body, R"({"code":0,"data":{}})");
}

TEST_F(RouterTest, FalsyDataGivesBareCode) {
  Request request = Make("GET", "/nothing");
  EXPECT_EQ(router_.Dispatch(request).body, R"({"code":0})");
}

TEST_F(RouterTest, ApiErrorIsMappedToItsStatusAndEnvelope) {
  Request request = Make("POST", "/denied");
  const Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body, R"({"code":1000,"data":{"message":"no token"}})");
}

TEST_F(RouterTest, OtherExceptionsAre500WithNumericCode1) {
  Request request = Make("POST", "/broken");
  const Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"code":1,"data":{"message":"boom"}})");
}

TEST_F(RouterTest, MalformedJsonIs400InTheEnvelope) {
  Request request = Make("POST", "/echo", "{oops");
  const Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"code":1004,"data":{"message":"invalid JSON body"}})");
}

TEST_F(RouterTest, ParameterWithSuffix) {
  Request request = Make("GET", "/dvr/hls/abc-123.M3U8");
  EXPECT_EQ(router_.Dispatch(request).body, R"({"code":0,"data":"abc-123"})");
  Request no_suffix = Make("GET", "/dvr/hls/abc-123");
  EXPECT_EQ(router_.Dispatch(no_suffix).status, 404);
  Request only_suffix = Make("GET", "/dvr/hls/.m3u8");
  EXPECT_EQ(router_.Dispatch(only_suffix).status, 404);
  EXPECT_EQ(request.route, "/dvr/hls/:uuid.m3u8");
}

TEST_F(RouterTest, ParametersArePercentDecodedAfterSplitting) {
  Request request = Make("GET", "/dvr/hls/a%2Fb.m3u8");
  EXPECT_EQ(router_.Dispatch(request).body, R"({"code":0,"data":"a/b"})");
}

TEST_F(RouterTest, RawHandlerAnswersItself) {
  Request request = Make("GET", "/raw");
  EXPECT_EQ(router_.Dispatch(request).body, "raw");
}

TEST_F(RouterTest, PrefixMatchesItselfAndBelowForGetAndHeadOnly) {
  Request root = Make("GET", "/static");
  EXPECT_EQ(router_.Dispatch(root).status, 200);
  Request nested = Make("HEAD", "/static/a/b.js");
  EXPECT_EQ(router_.Dispatch(nested).body, "/static/a/b.js");
  Request post = Make("POST", "/static/a");
  EXPECT_EQ(router_.Dispatch(post).status, 404);
  Request sibling = Make("GET", "/staticx");
  EXPECT_EQ(router_.Dispatch(sibling).status, 404);
}

TEST_F(RouterTest, CorsOriginIsEchoedOrStar) {
  Request without = Make("GET", "/nothing");
  EXPECT_EQ(router_.Dispatch(without).headers.Get("Access-Control-Allow-Origin"), "*");
  Request with = Make("GET", "/nope");
  with.headers.Add("Origin", "http://ui.example");
  EXPECT_EQ(router_.Dispatch(with).headers.Get("Access-Control-Allow-Origin"), "http://ui.example");
}

TEST_F(RouterTest, PreflightIsAnswered204OnAnyPath) {
  Request request = Make("OPTIONS", "/not/a/route");
  request.headers.Add("Origin", "http://ui.example");
  request.headers.Add("Access-Control-Request-Method", "POST");
  request.headers.Add("Access-Control-Request-Headers", "content-type,x-a");
  const Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Methods"),
            "GET,PUT,POST,PATCH,DELETE,HEAD,OPTIONS");
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Headers"), "content-type,x-a");
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "http://ui.example");
}

TEST_F(RouterTest, OptionsWithoutPreflightHeaderIsRouted) {
  Request request = Make("OPTIONS", "/terraform/v1/mgmt/versions");
  EXPECT_EQ(router_.Dispatch(request).status, 200);
}

TEST(RouterMetricsTest, MetricsRouteAnswersPrometheusText) {
  Router router;
  AddMetricsRoute(router, [] { return std::string("x 1\n"); });
  Request request = Make("GET", "/metrics");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.body, "x 1\n");
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace sc::http
