#include "mgmt/host_info.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <bit>
#include <fstream>
#include <string>
#include <vector>

namespace sc::mgmt {

namespace {

std::string MacOf(const std::string& interface_name) {
  std::ifstream file("/sys/class/net/" + interface_name + "/address");
  std::string mac;
  std::getline(file, mac);
  return mac.empty() ? "00:00:00:00:00:00" : mac;
}

std::string Text(const in_addr& address) {
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &address, text, sizeof text);
  return text;
}

}  // namespace

Json DetectPrivateIpv4() {
  struct Found {
    std::string name, address, netmask;
    int prefix = 0;
  };
  std::vector<Found> found;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* entry = list; entry; entry = entry->ifa_next) {
      if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET) continue;
      if (entry->ifa_flags & IFF_LOOPBACK) continue;
      const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
      const auto* mask = reinterpret_cast<const sockaddr_in*>(entry->ifa_netmask);
      Found item{entry->ifa_name, Text(address->sin_addr), mask ? Text(mask->sin_addr) : "0.0.0.0",
                 mask ? std::popcount(ntohl(mask->sin_addr.s_addr)) : 0};
      bool replaced = false;  // one per interface: its last IPv4 wins
      for (Found& known : found) {
        if (known.name == item.name) {
          known = item;
          replaced = true;
        }
      }
      if (!replaced) found.push_back(item);
    }
    freeifaddrs(list);
  }
  if (found.empty()) {
    return {{"address", "127.0.0.1"}, {"netmask", "255.0.0.0"}, {"family", "IPv4"},
            {"mac", "00:00:00:00:00:00"}, {"internal", true}, {"cidr", "127.0.0.1/8"},
            {"name", "lo"}};
  }
  Found chosen = found.front();
  for (const Found& item : found) {
    if (item.name.starts_with("en") || item.name.starts_with("eth")) chosen = item;
  }
  return {{"address", chosen.address}, {"netmask", chosen.netmask}, {"family", "IPv4"},
          {"mac", MacOf(chosen.name)}, {"internal", false},
          {"cidr", chosen.address + "/" + std::to_string(chosen.prefix)}, {"name", chosen.name}};
}

}  // namespace sc::mgmt
