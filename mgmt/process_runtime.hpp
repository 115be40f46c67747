#pragma once
#include <map>
#include <string>

#include "mgmt/service_runtime.hpp"
#include "mgmt/supervisor.hpp"

namespace sc::mgmt {

// The runtime of native processes: every catalogue name maps to a Supervisor service (our
// daemons: srs-hooks -> hooks ...; third-party ones: srs-server -> the media engine ...).
// Removing a service stops it and keeps it down; `platform` is only restarted, never kept down
// (it serves the UI that would bring it back, spec/mgmt.md §4.2 note).
class ProcessRuntime : public ServiceRuntime {
 public:
  // `names`: container name -> supervisor service name.
  ProcessRuntime(Supervisor& supervisor, std::map<std::string, std::string> names);

  bool Knows(const std::string& name) const override;
  std::optional<Json> Inspect(const std::string& name, bool running_only) const override;
  void Start(const std::string& name) override;
  void Remove(const std::string& name) override;

 private:
  const std::string* ServiceOf(const std::string& name) const;

  Supervisor& supervisor_;
  const std::map<std::string, std::string> names_;
};

}  // namespace sc::mgmt
