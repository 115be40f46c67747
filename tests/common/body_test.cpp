#include "common/http/body.hpp"

#include <gtest/gtest.h>

#include "common/http/api_error.hpp"

namespace sc::http {
namespace {

TEST(BodyTest, ClassifiesContentTypes) {
  EXPECT_EQ(ClassifyContentType("application/json"), BodyKind::kJson);
  EXPECT_EQ(ClassifyContentType("Application/JSON; charset=utf-8"), BodyKind::kJson);
  EXPECT_EQ(ClassifyContentType("application/vnd.api+json"), BodyKind::kJson);
  EXPECT_EQ(ClassifyContentType("application/x-www-form-urlencoded"), BodyKind::kForm);
  EXPECT_EQ(ClassifyContentType("text/plain"), BodyKind::kOther);
  EXPECT_EQ(ClassifyContentType(std::nullopt), BodyKind::kOther);
}

TEST(BodyTest, LimitsAreOneMegabyteForJsonAnd56KilobytesForForms) {
  const BodyLimits limits;
  EXPECT_EQ(BodyLimitFor(BodyKind::kJson, limits), 1024u * 1024u);
  EXPECT_EQ(BodyLimitFor(BodyKind::kForm, limits), 56u * 1024u);
}

TEST(BodyTest, ParsesJsonObjectsAndArrays) {
  EXPECT_EQ(ParseBody("application/json", R"({"a":1})"), (Json{{"a", 1}}));
  EXPECT_EQ(ParseBody("application/json", "[1,2]"), Json::array({1, 2}));
}

TEST(BodyTest, EmptyOrMissingBodyIsAnEmptyObject) {
  EXPECT_EQ(ParseBody("application/json", ""), Json::object());
  EXPECT_EQ(ParseBody("application/json", "  \n"), Json::object());
  EXPECT_EQ(ParseBody(std::nullopt, "ignored"), Json::object());
  EXPECT_EQ(ParseBody("text/plain", "{\"a\":1}"), Json::object());
}

TEST(BodyTest, MalformedJsonIsA400) {
  try {
    ParseBody("application/json", "{bad");
    FAIL() << "no exception";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status(), 400);
    EXPECT_EQ(error.code(), ErrorCode::kSysInvalid);
  }
}

TEST(BodyTest, JsonScalarsAreRejectedLikeTheStrictParser) {
  EXPECT_THROW(ParseBody("application/json", "\"text\""), ApiError);
  EXPECT_THROW(ParseBody("application/json", "42"), ApiError);
}

TEST(BodyTest, FormValuesAreStringsAndRepeatsBecomeArrays) {
  const Json form = ParseBody("application/x-www-form-urlencoded",
                              "call=publish&name=live%2Fs&args=a+b&k=1&k=2");
  EXPECT_EQ(form, (Json{{"call", "publish"},
                        {"name", "live/s"},
                        {"args", "a b"},
                        {"k", Json::array({"1", "2"})}}));
}

}  // namespace
}  // namespace sc::http
