// The certificate upload on the host side (mgmt's updateSslFile, spec/mgmt.md §3.1 with the
// port's fixes): a bad PEM or a key of another certificate is refused before anything is
// written; a good pair replaces nginx.key/nginx.crt so that a reader never sees a partial file.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "common/http/api_error.hpp"
#include "mgmt/host_ops.hpp"
#include "tests/mgmt/tls_files.hpp"
#include "tests/support/net.hpp"

namespace sc::mgmt {
namespace {

namespace fs = std::filesystem;

class SslUploadTest : public ::testing::Test {
 protected:
  std::string ssl(const char* name) const { return (fs::path(ssl_dir_) / name).string(); }
  std::vector<std::string> FilesInSslDir() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(ssl_dir_)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  test::TempDir home_;
  const std::string ssl_dir_ = home_.path() + "/ssl";
  config::Settings settings_{home_.path(), {{"SSL_DIR", ssl_dir_}}};
  std::atomic<int> reloads_{0};
  const HostOps ops_{settings_, [this] {
                       ++reloads_;
                       return true;
                     }};
  const test::PemPair first_ = test::SelfSignedPair(home_.path(), "first");
  const test::PemPair second_ = test::SelfSignedPair(home_.path(), "second");
};

TEST_F(SslUploadTest, BadPemOrAKeyOfAnotherCertificateIsRefusedAndNothingIsWritten) {
  ops_.UpdateSslFile(first_.key, first_.crt);
  ASSERT_EQ(reloads_, 1);
  const auto refused = [this](const std::string& key, const std::string& crt) -> std::string {
    try {
      ops_.UpdateSslFile(key, crt);
    } catch (const http::ApiError& error) {
      EXPECT_EQ(error.http_status(), 422);
      EXPECT_EQ(error.code(), http::ErrorCode::kSysInvalid);
      return error.what();
    }
    return "accepted";
  };
  EXPECT_EQ(refused("junk", first_.crt), "key is not a PEM private key");
  EXPECT_EQ(refused(first_.key, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            "crt is not a PEM certificate");
  EXPECT_EQ(refused(first_.crt, first_.crt), "key is not a PEM private key");
  EXPECT_EQ(refused(second_.key, first_.crt), "key does not match the certificate");
  // A passphrase-protected key is refused, not prompted for.
  test::ChildProcess encrypt({"openssl", "pkey", "-in", home_.path() + "/second.key", "-aes256", "-passout",
                              "pass:secret", "-out", home_.path() + "/locked.key"},
                             {}, home_.path() + "/openssl-locked.log");
  encrypt.Start();
  ASSERT_EQ(encrypt.Wait(std::chrono::seconds(20)), 0) << encrypt.ReadLog();
  EXPECT_EQ(refused(test::ReadWholeFile(home_.path() + "/locked.key"), second_.crt),
            "key is not a PEM private key");

  EXPECT_EQ(test::ReadWholeFile(ssl("nginx.key")), first_.key);
  EXPECT_EQ(test::ReadWholeFile(ssl("nginx.crt")), first_.crt);
  EXPECT_EQ(FilesInSslDir(), (std::vector<std::string>{"nginx.crt", "nginx.key"}));
  EXPECT_EQ(reloads_, 1);
}

TEST_F(SslUploadTest, AGoodPairReplacesBothFilesWholeAndReloadsTheFront) {
  fs::create_directories(ssl_dir_);
  fs::create_symlink(home_.path() + "/elsewhere.pem", ssl("nginx.crt"));  // as Let's Encrypt leaves it
  ops_.UpdateSslFile(first_.key, first_.crt);
  EXPECT_FALSE(fs::is_symlink(ssl("nginx.crt")));
  EXPECT_FALSE(fs::exists(home_.path() + "/elsewhere.pem"));  // replaced, not followed
  EXPECT_EQ((fs::status(ssl("nginx.key")).permissions() & fs::perms::all), fs::perms::owner_read | fs::perms::owner_write);

  // A reader (nginx starting, or reloading) sees one whole file or the other, never a part.
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::vector<std::string> torn;
  std::thread reader([&] {
    while (!done) {
      for (const char* name : {"nginx.key", "nginx.crt"}) {
        const std::string text = test::ReadWholeFile(ssl(name));
        const bool whole = text == first_.key || text == second_.key || text == first_.crt || text == second_.crt;
        if (!whole && torn.size() < 3) torn.push_back(text);
        ++reads;
      }
    }
  });
  for (int i = 0; i < 40; ++i) {
    const test::PemPair& pair = i % 2 == 0 ? second_ : first_;
    ops_.UpdateSslFile(pair.key, pair.crt);
  }
  done = true;
  reader.join();
  EXPECT_TRUE(torn.empty()) << torn.front();
  EXPECT_GT(reads, 0);
  EXPECT_EQ(test::ReadWholeFile(ssl("nginx.key")), first_.key);
  EXPECT_EQ(test::ReadWholeFile(ssl("nginx.crt")), first_.crt);
  EXPECT_EQ(FilesInSslDir(), (std::vector<std::string>{"nginx.crt", "nginx.key"}));  // no staged leftovers
  EXPECT_EQ(reloads_, 41);
}

}  // namespace
}  // namespace sc::mgmt
