#include "common/http/envelope.hpp"

#include <gtest/gtest.h>

namespace sc::http {
namespace {

// spec/common.md §1: data omitted when falsy, kept when an empty object or array.
TEST(EnvelopeTest, FalsyDataIsOmitted) {
  EXPECT_EQ(SuccessBody(nullptr), R"({"code":0})");
  EXPECT_EQ(SuccessBody(0), R"({"code":0})");
  EXPECT_EQ(SuccessBody(false), R"({"code":0})");
  EXPECT_EQ(SuccessBody(""), R"({"code":0})");
}

TEST(EnvelopeTest, TruthyDataIsKeptEvenWhenEmpty) {
  EXPECT_EQ(SuccessBody(Json::object()), R"({"code":0,"data":{}})");
  EXPECT_EQ(SuccessBody(Json::array()), R"({"code":0,"data":[]})");
  EXPECT_EQ(SuccessBody(1), R"({"code":0,"data":1})");
  EXPECT_EQ(SuccessBody(Json{{"icp", nullptr}}), R"({"code":0,"data":{"icp":null}})");
}

TEST(EnvelopeTest, ErrorCarriesNumericCodeAndMessage) {
  EXPECT_EQ(ErrorBody(ErrorCode::kAuthToken, "token invalid"),
            R"({"code":2001,"data":{"message":"token invalid"}})");
}

TEST(EnvelopeTest, ResponsesHaveStatusAndJsonContentType) {
  const Response ok = Success(Json{{"version", "1"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.headers.Get("content-type"), "application/json; charset=utf-8");
  const Response failed = Failure(BadArgs(ErrorCode::kSysInvalid, "bad"));
  EXPECT_EQ(failed.status, 422);
  EXPECT_EQ(failed.body, R"({"code":1004,"data":{"message":"bad"}})");
}

TEST(EnvelopeTest, ErrorKindsMapToTheirHttpStatus) {
  EXPECT_EQ(Unauthorized(ErrorCode::kSysEmpty, "").http_status(), 401);
  EXPECT_EQ(BadArgs(ErrorCode::kSysInvalid, "").http_status(), 422);
  EXPECT_EQ(NotFound(ErrorCode::kSysResource, "").http_status(), 404);
  EXPECT_EQ(Internal(ErrorCode::kSysRedis, "").http_status(), 500);
  EXPECT_EQ(PayloadTooLarge("").http_status(), 413);
  EXPECT_EQ(TooManyRequests(ErrorCode::kAuthPassword, "").http_status(), 429);
}

}  // namespace
}  // namespace sc::http
