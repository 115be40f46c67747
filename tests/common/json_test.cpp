#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <limits>

#include "common/json.hpp"

namespace sc {
namespace {

// The fast path agrees with Json::parse: same members, order, values and number types.
void ExpectSameAsFullParse(const std::string& text, const Json& flat) {
  const Json full = Json::parse(text, nullptr, false);
  ASSERT_FALSE(full.is_discarded()) << "the fast path accepted what Json::parse refuses: " << text;
  ASSERT_EQ(flat.dump(), full.dump()) << text;
  ASSERT_EQ(flat.size(), full.size()) << text;
  auto expected = full.begin();
  for (auto it = flat.begin(); it != flat.end(); ++it, ++expected) {
    ASSERT_EQ(it.key(), expected.key()) << text;
    ASSERT_EQ(it->type(), expected->type()) << text << " member " << it.key();
  }
}

TEST(JsonTest, FlatObjectsParseLikeTheFullParser) {
  for (const std::string text :
       {R"({})", R"( { } )", R"({"a":"x"})", R"({"a":1,"b":-2,"c":0,"d":-0,"e":true,"f":false,"g":null})",
        R"({"a":"1","a":"2","b":3,"a":"4"})", "{\n\t\"k\" : \"v\" ,\r\n \"n\":123456789012345678 }",
        R"({"empty":"","spaces":"a b c","slash":"rtmp://127.0.0.1:1935/live"})",
        R"({"duration":2.02,"x":-0.5,"y":1e3,"z":1.25E-2,"w":3e+2,"tiny":4.9e-324})"}) {
    const std::optional<Json> flat = ParseFlatObject(text);
    ASSERT_TRUE(flat.has_value()) << text;
    ExpectSameAsFullParse(text, *flat);
  }
}

TEST(JsonTest, FlatObjectParseStopsAtWhatItDoesNotHandleOrIsNotJson) {
  for (const std::string text :
       {R"([])", R"("s")", R"(1)", R"({"a":{"b":1}})", R"({"a":[1]})", R"({"a":"\n"})", R"({"a":"\u00e9"})",
        "{\"a\":\"\xc3\xa9\"}", R"({"a":1.})", R"({"a":.5})", R"({"a":1e})", R"({"a":1e+})",
        R"({"a":1e400})", R"({"a":1234567890123456789})", R"({"a":01})",
        R"({"a":-})", R"({"a":+1})", R"({"a":tru})", R"({"a":1,})", R"({,})", R"({"a" 1})", R"({"a":1} x)",
        R"({"a":1}})", R"({a:1})", R"({'a':1})", "{\"a\":\"x\ty\"}", R"({"a":"x)", "", "{", "\xef\xbb\xbf{}"}) {
    EXPECT_FALSE(ParseFlatObject(text).has_value()) << text;
  }
  std::string many = "{";
  for (int i = 0; i < 33; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  EXPECT_FALSE(ParseFlatObject(many + "}").has_value()) << "over 32 members";
}

TEST(JsonTest, FlatObjectParseAgreesWithTheFullParserOnEveryCapturedCallback) {
  std::ifstream lines(std::string(SC_SHARED_DIR) + "/fixtures/srs5-callbacks.jsonl");
  std::string line;
  int parsed = 0;
  while (std::getline(lines, line)) {
    const std::string raw = Json::parse(line).value("raw", "");
    if (raw.empty()) continue;
    const std::optional<Json> flat = ParseFlatObject(raw);
    ASSERT_TRUE(flat.has_value()) << raw;
    ExpectSameAsFullParse(raw, *flat);
    ++parsed;
  }
  EXPECT_GE(parsed, 200);  // every body SRS sent in the captures
}

TEST(JsonTest, FlatObjectParseNeverDisagreesWithTheFullParserOnMutatedInput) {
  // Random edits of flat objects: whatever the fast path accepts, Json::parse reads the same.
  std::mt19937 random(20261124);
  const std::string alphabet = "{}[]\":, \t\n\\-+.eE0129tfnrulsax\x01\x7f\xc3\xa9";
  const std::string seeds[] = {R"({"action":"on_publish","n":-12,"ok":true,"none":null,"z":0})",
                               R"({"a":"x","b":"y","a":"z"})", R"({ "k" : 1 , "l" : false })"};
  int accepted = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string text = seeds[round % 3];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % (text.size() + 1);
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        case 1: if (at < text.size()) text.erase(at, 1); break;
        default: if (at < text.size()) text[at] = c; break;
      }
    }
    if (const std::optional<Json> flat = ParseFlatObject(text)) {
      ++accepted;
      ExpectSameAsFullParse(text, *flat);
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(accepted, 1000) << "the edits left too few valid objects to compare";
}

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
