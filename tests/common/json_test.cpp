#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/json.hpp"

namespace sc {
namespace {

TEST(JsonTest, StringifyIsCompactAndKeepsInsertionOrder) {
  const Json value = {{"z", 1}, {"a", {{"y", true}, {"b", nullptr}}}, {"list", {1, "x"}}};
  EXPECT_EQ(Stringify(value), R"({"z":1,"a":{"y":true,"b":null},"list":[1,"x"]})");
}

TEST(JsonTest, StringifyPrintsIntegralDoublesLikeJavaScript) {
  EXPECT_EQ(Stringify(Json{{"d", 10.0}, {"f", 2.5}, {"n", -3.0}}), R"({"d":10,"f":2.5,"n":-3})");
  EXPECT_EQ(Stringify(Json::array({30.021000000000004})), "[30.021000000000004]");
}

TEST(JsonTest, StringifyTurnsNanIntoNull) {
  EXPECT_EQ(Stringify(Json{{"x", std::nan("")}}), R"({"x":null})");
  EXPECT_EQ(Stringify(Json{{"x", std::numeric_limits<double>::infinity()}}), R"({"x":null})");
}

TEST(JsonTest, StringifyReplacesInvalidUtf8InsteadOfThrowing) {
  EXPECT_NO_THROW(Stringify(Json{{"x", std::string("a\xff" "b")}}));
}

TEST(JsonTest, TruthinessFollowsJavaScript) {
  EXPECT_FALSE(IsTruthy(nullptr));
  EXPECT_FALSE(IsTruthy(false));
  EXPECT_FALSE(IsTruthy(0));
  EXPECT_FALSE(IsTruthy(0.0));
  EXPECT_FALSE(IsTruthy(std::nan("")));
  EXPECT_FALSE(IsTruthy(""));
  EXPECT_TRUE(IsTruthy(true));
  EXPECT_TRUE(IsTruthy(1));
  EXPECT_TRUE(IsTruthy(-0.5));
  EXPECT_TRUE(IsTruthy("0"));
  EXPECT_TRUE(IsTruthy(Json::object()));
  EXPECT_TRUE(IsTruthy(Json::array()));
}

}  // namespace
}  // namespace sc
