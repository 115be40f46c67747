#include "ffmpeg/progress.hpp"

#include <gtest/gtest.h>

namespace sc::ffmpeg {
namespace {

TEST(ParseProgressTest, CollapsesSpacesAfterEqualsAndReadsTheFields) {
  const auto progress = ParseProgress(
      "  frame=  100 fps= 25 q=-1.0 size=    1024kB time=00:00:04.00 bitrate=2097.2kbits/s "
      "speed=1x    ");
  ASSERT_TRUE(progress);
  // spec/ffmpeg.md §5: the stored log line.
  EXPECT_EQ(progress->log,
            "frame=100 fps=25 q=-1.0 size=1024kB time=00:00:04.00 bitrate=2097.2kbits/s speed=1x");
  EXPECT_EQ(progress->frames, 100);
  EXPECT_DOUBLE_EQ(progress->fps.value(), 25.0);
  EXPECT_DOUBLE_EQ(progress->kbps.value(), 2097.2);
  EXPECT_DOUBLE_EQ(progress->speed.value(), 1.0);
}

TEST(ParseProgressTest, NotAvailableValuesStayEmpty) {
  const auto progress = ParseProgress(
      "frame=    0 fps=0.0 q=0.0 size=       0kB time=00:00:00.00 bitrate=N/A speed=N/A");
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->frames, 0);
  EXPECT_DOUBLE_EQ(progress->fps.value(), 0.0);
  EXPECT_FALSE(progress->kbps);
  EXPECT_FALSE(progress->speed);
}

TEST(ParseProgressTest, FractionalSpeedAndTheFinalLsizeLine) {
  const auto progress = ParseProgress(
      "frame= 1250 fps= 25 q=-1.0 Lsize=   12000kB time=00:00:50.00 bitrate=1966.1kbits/s "
      "speed=1.01x");
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->frames, 1250);
  EXPECT_DOUBLE_EQ(progress->speed.value(), 1.01);
  EXPECT_DOUBLE_EQ(progress->kbps.value(), 1966.1);
}

TEST(ParseProgressTest, OtherLinesAreNotProgress) {
  EXPECT_FALSE(ParseProgress("Input #0, flv, from 'rtmp://localhost/live/livestream':"));
  EXPECT_FALSE(ParseProgress("rtmp://push/live/key: Connection refused"));
  EXPECT_FALSE(ParseProgress(""));
  EXPECT_FALSE(ParseProgress("frames are great"));  // "frame=" is what counts
}

TEST(ParseProgressTest, AnAudioOnlyLineHasNoFrameCountButIsProgress) {
  // -c copy of an audio-only stream prints "size=" lines; frame= is the original's criterion.
  EXPECT_FALSE(ParseProgress("size=     256kB time=00:00:16.00 bitrate= 131.1kbits/s speed=1x"));
  const auto garbled = ParseProgress("frame=abc fps=x");
  ASSERT_TRUE(garbled);
  EXPECT_FALSE(garbled->frames);
  EXPECT_FALSE(garbled->fps);
}

TEST(LineSplitterTest, SplitsOnCarriageReturnAndNewlineAcrossChunks) {
  LineSplitter splitter;
  std::vector<std::string> lines;
  const auto collect = [&lines](std::string_view line) { lines.emplace_back(line); };
  splitter.Feed("Input #0\nframe=  1 fps=0\rfra", collect);
  splitter.Feed("me=  2 fps=25\r\n", collect);
  splitter.Feed("tail", collect);
  EXPECT_EQ(lines, (std::vector<std::string>{"Input #0", "frame=  1 fps=0", "frame=  2 fps=25"}));
  splitter.Flush(collect);
  EXPECT_EQ(lines.back(), "tail");
}

TEST(LineSplitterTest, CutsOverlongLines) {
  LineSplitter splitter(8);
  std::vector<std::string> lines;
  splitter.Feed(std::string(20, 'x') + "\n",
                [&lines](std::string_view line) { lines.emplace_back(line); });
  EXPECT_EQ(lines, (std::vector<std::string>{"xxxxxxxx", "xxxxxxxx", "xxxx"}));
}

}  // namespace
}  // namespace sc::ffmpeg
