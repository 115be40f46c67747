#pragma once
#include "common/json.hpp"

namespace sc::mgmt {

// spec/common.md §8.1: the private IPv4 of this host — IPv4, non-internal addresses; the first
// interface, overridden by each one named en* or eth* (the last wins). Never fails: without
// one it answers 127.0.0.1 with internal=true, so a lone machine still works.
// {address, netmask, family: "IPv4", mac, internal, cidr, name}
Json DetectPrivateIpv4();

}  // namespace sc::mgmt
