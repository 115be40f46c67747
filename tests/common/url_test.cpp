#include "common/http/url.hpp"

#include <gtest/gtest.h>

namespace sc::http {
namespace {

TEST(UrlTest, PercentDecodeHandlesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

TEST(UrlTest, PercentDecodeRejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
}

TEST(UrlTest, PercentEncodeKeepsUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("a b/c~_.-"), "a%20b%2Fc~_.-");
}

TEST(UrlTest, ParseQueryKeepsOrderAndDecodes) {
  const auto pairs = ParseQuery("a=1&b=x%20y&&c&a=2");
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"b", "x y"}));
  EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(pairs[3], (std::pair<std::string, std::string>{"a", "2"}));
}

TEST(UrlTest, RedactQueryHidesSecretLikeValues) {
  EXPECT_EQ(RedactQuery("app=live&secret=abc&token=t&x=1"), "app=live&secret=***&token=***&x=1");
  EXPECT_EQ(RedactQuery("?secret=abc"), "?secret=***");
  EXPECT_EQ(RedactQuery("password=p&apiKey=k"), "password=***&apiKey=***");
}

}  // namespace
}  // namespace sc::http
