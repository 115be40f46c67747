#include "common/util/text.hpp"

#include <gtest/gtest.h>

namespace sc::util {
namespace {

TEST(TextTest, ParseIntegerTakesTheWholeText) {
  EXPECT_EQ(ParseInteger("23"), 23);
  EXPECT_EQ(ParseInteger("-5"), -5);
  EXPECT_EQ(ParseInteger("02"), 2);
  EXPECT_EQ(ParseInteger(""), std::nullopt);
  EXPECT_EQ(ParseInteger("80x"), std::nullopt);
  EXPECT_EQ(ParseInteger(" 1"), std::nullopt);
  EXPECT_EQ(ParseInteger("1.5"), std::nullopt);
  EXPECT_EQ(ParseInteger("99999999999999999999"), std::nullopt);
}

TEST(TextTest, CaseInsensitiveComparisons) {
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "content-type"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Type", "content-typ"));
  EXPECT_TRUE(StartsWithIgnoreCase("/MGMT/index.html", "/mgmt"));
  EXPECT_FALSE(StartsWithIgnoreCase("/mg", "/mgmt"));
}

}  // namespace
}  // namespace sc::util
