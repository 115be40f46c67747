#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace sc::mgmt {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

// Replaces every {{NAME}} in `text`; throws std::runtime_error naming a placeholder that has
// no value (a config with a hole must not be written).
std::string RenderTemplate(std::string_view text, const TemplateValues& values);

// The configurations mgmt renders from the repository's containers/ templates into
// <home>/containers/conf/ (written through a temporary file and rename; the templates are
// never edited): nginx.conf (the public front), nginx-rtmp.conf (the fallback media engine),
// srs.conf (SRS 5), prometheus.yml. Returns the output folder.
std::filesystem::path RenderConfigs(const std::filesystem::path& templates_dir,
                                    const std::filesystem::path& home, const TemplateValues& values);

}  // namespace sc::mgmt
