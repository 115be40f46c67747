#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

namespace {

// Repeats every failed assertion after gtest's own summary. A failing stack test prints its
// daemons' logs first, and CI shows only the end of a test's output: without this the reason
// of a failure scrolls out of view.
class FailureDigest : public ::testing::EmptyTestEventListener {
 public:
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::string message = result.message();
    if (message.size() > 600) {
      message.resize(600);
      message.append("...");
    }
    failures_.push_back(std::string(result.file_name() ? result.file_name() : "?") + ":" +
                        std::to_string(result.line_number()) + ": " + message);
  }
  void OnTestProgramEnd(const ::testing::UnitTest&) override {
    if (failures_.empty()) return;
    std::cout << "--- failed assertions\n";
    for (const std::string& failure : failures_) std::cout << failure << "\n";
    std::cout.flush();
  }

 private:
  std::vector<std::string> failures_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::UnitTest::GetInstance()->listeners().Append(new FailureDigest);
  return RUN_ALL_TESTS();
}
