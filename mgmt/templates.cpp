#include "mgmt/templates.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sc::mgmt {

namespace fs = std::filesystem;

std::string RenderTemplate(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (;;) {
    const std::size_t open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const std::string_view name = text.substr(open + 2, close - open - 2);
    const auto value = values.find(name);
    if (value == values.end()) throw std::runtime_error("template: no value for {{" + std::string(name) + "}}");
    out += value->second;
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

fs::path RenderConfigs(const fs::path& templates_dir, const fs::path& home, const TemplateValues& values) {
  const fs::path out_dir = home / "containers/conf";
  fs::create_directories(out_dir);
  for (const char* name : {"nginx.conf", "nginx-rtmp.conf", "srs.conf", "prometheus.yml"}) {
    std::ifstream in(templates_dir / name, std::ios::binary);
    if (!in) throw std::runtime_error("template " + (templates_dir / name).string() + " not found");
    std::stringstream text;
    text << in.rdbuf();
    const std::string rendered = RenderTemplate(text.str(), values);
    const fs::path target = out_dir / name;
    const fs::path temporary = target.string() + ".tmp";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << rendered;
      if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
    }
    fs::rename(temporary, target);
  }
  return out_dir;
}

}  // namespace sc::mgmt
