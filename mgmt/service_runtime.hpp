#pragma once
#include <optional>
#include <string>

#include "common/json.hpp"

namespace sc::mgmt {

// What the host exec actions need of the place services run (spec/mgmt.md §3.1: fetch, query,
// remove, start by container name from the catalogue). Implemented by the process runtime here;
// the Docker runtime (runtime issue) implements the same.
class ServiceRuntime {
 public:
  virtual ~ServiceRuntime() = default;

  // Whether `name` (a container name of spec/common.md §9.2) can run here.
  virtual bool Knows(const std::string& name) const = 0;
  // A `docker ps --format '{{json .}}'`-like object (ID, Names, Image, State, Status), or
  // nothing when it does not exist. `running_only` answers only for a running one.
  virtual std::optional<Json> Inspect(const std::string& name, bool running_only) const = 0;
  // Creates and starts it from the catalogue (never from caller-given arguments). Throws
  // http::ApiError when it cannot.
  virtual void Start(const std::string& name) = 0;
  // Stops and removes it; quiet when it does not exist.
  virtual void Remove(const std::string& name) = 0;
};

}  // namespace sc::mgmt
