#pragma once
#include <string>
#include <vector>

#include "common/json.hpp"

namespace sc::test {

// A file of ../shared/fixtures (captured from real SRS 5 and nginx-rtmp), one JSON value per
// line. Fails the calling test loudly when the file is missing.
std::vector<Json> ReadFixtureLines(const std::string& name);

}  // namespace sc::test
