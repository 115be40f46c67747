#include "common/auth/random.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace sc::auth {
namespace {

TEST(RandomTest, HexHasTwoCharactersPerByteAndDoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string value = RandomHex(16);
    EXPECT_TRUE(std::regex_match(value, std::regex("[0-9a-f]{32}")));
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomTest, UuidIsVersion4) {
  EXPECT_TRUE(std::regex_match(
      RandomUuid(), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}

TEST(RandomTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace sc::auth
