#include "tests/support/fixtures.hpp"

#include <fstream>
#include <stdexcept>

namespace sc::test {

std::vector<Json> ReadFixtureLines(const std::string& name) {
  const std::string path = std::string(SC_SHARED_DIR) + "/fixtures/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("fixture missing: " + path);
  std::vector<Json> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(Json::parse(line));
  }
  return lines;
}

}  // namespace sc::test
