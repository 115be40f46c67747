#include "common/config/env_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/net.hpp"

namespace sc::config {
namespace {

std::string Read(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ino_t Inode(const std::string& file) {
  struct stat info {};
  stat(file.c_str(), &info);
  return info.st_ino;
}

TEST(EnvFileTest, ParsesDotenvRules) {
  const EnvEntries entries = ParseEnv(
      "# comment\n"
      "A=1\n"
      "  B = spaced value  \n"
      "C='single # not a comment'\n"
      "D=\"line\\nbreak\"\n"
      "E='no\\nexpansion'\n"
      "junk line\n"
      "F=\n"
      "G=a=b\n"
      "A=2\r\n");
  EXPECT_EQ(entries, (EnvEntries{{"A", "2"},
                                 {"B", "spaced value"},
                                 {"C", "single # not a comment"},
                                 {"D", "line\nbreak"},
                                 {"E", "no\\nexpansion"},
                                 {"F", ""},
                                 {"G", "a=b"}}));
}

TEST(EnvFileTest, MissingFileHasNoEntries) {
  EXPECT_TRUE(ReadEnvFile("/nonexistent/.env").empty());
}

TEST(EnvFileTest, SaveWritesPasswordFirstThenNonEmptyKeysInFileOrder) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  std::ofstream(file) << "# operator notes\nREACT_APP_LOCALE=zh\nEMPTY=\nMGMT_PASSWORD=3f9a1c\n"
                         "REDIS_PORT=56379\n";
  SaveEnvs(file, {{"CLOUD", "TENCENT"}, {"REDIS_PORT", "6380"}, {"REGION", "ap-beijing"}});
  EXPECT_EQ(Read(file),
            "MGMT_PASSWORD=3f9a1c\n\nREACT_APP_LOCALE=zh\nREDIS_PORT=6380\nCLOUD=TENCENT\n"
            "REGION=ap-beijing\n");
}

TEST(EnvFileTest, PasswordFromUpdatesWinsThenCurrentThenFile) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  std::ofstream(file) << "MGMT_PASSWORD=old\nA=1\n";
  SaveEnvs(file, {{"B", "2"}}, "from-process");
  EXPECT_EQ(Read(file), "MGMT_PASSWORD=from-process\n\nA=1\nB=2\n");
  SaveEnvs(file, {{"MGMT_PASSWORD", "new"}}, "from-process");
  EXPECT_EQ(Read(file), "MGMT_PASSWORD=new\n\nA=1\nB=2\n");
}

TEST(EnvFileTest, NoPasswordNoHeader) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  SaveEnvs(file, {{"A", "1"}});
  EXPECT_EQ(Read(file), "A=1\n");
}

TEST(EnvFileTest, RewritesInPlaceKeepingTheInode) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  std::ofstream(file) << "A=1\n";
  const ino_t before = Inode(file);
  SaveEnvs(file, {{"B", std::string(10000, 'x')}});
  SaveEnvs(file, {{"B", "short"}});
  EXPECT_EQ(Inode(file), before);
  EXPECT_EQ(Read(file), "A=1\nB=short\n");
}

TEST(EnvFileTest, NewlinesAndBadKeysAreRejectedAndTheFileIsUntouched) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  std::ofstream(file) << "A=1\n";
  EXPECT_THROW(SaveEnvs(file, {{"MGMT_PASSWORD", "x\nREDIS_PASSWORD=owned"}}), std::invalid_argument);
  EXPECT_THROW(SaveEnvs(file, {{"A", "x\ry"}}), std::invalid_argument);
  EXPECT_THROW(SaveEnvs(file, {{"A", std::string("x\0y", 3)}}), std::invalid_argument);
  EXPECT_THROW(SaveEnvs(file, {{"A=B", "x"}}), std::invalid_argument);
  EXPECT_THROW(SaveEnvs(file, {{"", "x"}}), std::invalid_argument);
  EXPECT_THROW(SaveEnvs(file, {{"A B", "x"}}), std::invalid_argument);
  EXPECT_EQ(Read(file), "A=1\n");
}

TEST(EnvFileTest, AwkwardValuesRoundTrip) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  const EnvEntries values = {{"LEAD", " leading space"}, {"QUOTE", "'starts with quote"},
                             {"HASH", "a#b"},            {"EQ", "a=b=c"},
                             {"DQ", "\"dq\" and 'sq'"},  {"SLASHN", "keep \\n literal"}};
  for (const auto& value : values) {
    if (value.first == "DQ") {
      EXPECT_THROW(SaveEnvs(file, {value}), std::invalid_argument);
      continue;
    }
    SaveEnvs(file, {value});
  }
  const EnvEntries read = ReadEnvFile(file);
  for (const auto& [key, value] : values) {
    if (key == "DQ") continue;
    const auto it = std::find_if(read.begin(), read.end(), [&](const auto& e) { return e.first == key; });
    ASSERT_NE(it, read.end()) << key;
    EXPECT_EQ(it->second, value) << key;
  }
}

TEST(EnvFileTest, ConcurrentWritersLoseNothing) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        SaveEnvs(file, {{"K" + std::to_string(t) + "_" + std::to_string(i), "v"}});
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(ReadEnvFile(file).size(), 100u);
}

TEST(EnvFileTest, FileIsPrivateToItsOwner) {
  test::TempDir dir;
  const std::string file = dir.path() + "/.env";
  SaveEnvs(file, {{"MGMT_PASSWORD", "secret"}});
  struct stat info {};
  stat(file.c_str(), &info);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace sc::config
