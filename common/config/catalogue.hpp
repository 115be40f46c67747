#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace sc::config {

// The managed services of spec/common.md §9.2: market key <-> container name, in the start
// order of the original's market thread.
struct CatalogueEntry {
  std::string_view market_key;
  std::string_view container;
};

inline constexpr std::array<CatalogueEntry, 8> kCatalogue = {{
    {"srs", "srs-server"},
    {"srsDev", "srs-dev"},
    {"hooks", "srs-hooks"},
    {"tencent", "tencent-cloud"},
    {"ffmpeg", "ffmpeg"},
    {"prometheus", "prometheus"},
    {"node_exporter", "node-exporter"},
    {"platform", "platform"},
}};

inline std::optional<CatalogueEntry> FindByContainer(std::string_view container) {
  for (const auto& entry : kCatalogue) {
    if (entry.container == container) return entry;
  }
  return std::nullopt;
}

inline std::optional<CatalogueEntry> FindByMarketKey(std::string_view key) {
  for (const auto& entry : kCatalogue) {
    if (entry.market_key == key) return entry;
  }
  return std::nullopt;
}

}  // namespace sc::config
