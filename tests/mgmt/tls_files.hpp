#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/daemon_process.hpp"

namespace sc::test {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct PemPair {
  std::string key;
  std::string crt;
};

// A self-signed P-256 pair made by the openssl command line in `dir`.
inline PemPair SelfSignedPair(const std::string& dir, const std::string& name) {
  ChildProcess openssl({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir + "/" + name + ".key",
                        "-out", dir + "/" + name + ".crt", "-days", "2", "-subj", "/CN=" + name},
                       {}, dir + "/openssl.log");
  openssl.Start();
  EXPECT_EQ(openssl.Wait(std::chrono::seconds(20)), 0) << openssl.ReadLog();
  return {ReadWholeFile(dir + "/" + name + ".key"), ReadWholeFile(dir + "/" + name + ".crt")};
}

}  // namespace sc::test
