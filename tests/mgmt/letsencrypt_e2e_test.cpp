// HTTPS end to end (spec/platform.md §8, spec/mgmt.md §6): the dashboard's Let's Encrypt request
// through the real stack, issued by the real certbot, validated over real HTTP-01.
//
// Let's Encrypt is an internet service, so its stand-in is Debian's `pebble` ACME server on
// loopback, with its TLS certificate made here and trusted by certbot through ACME_CA_BUNDLE.
// The test domain resolves to 127.0.0.1 through `pebble-challtestsrv`, the DNS server pebble's
// validation asks (-dnsserver); pebble's `httpPort` is the public HTTP port of the stack's front
// nginx, so the challenge travels as in production: pebble -> nginx -> mgmt -> platform -> the
// file certbot wrote into the webroot.
//
// The stack is the real one: srs-cloud-mgmt with platform as its child and a front nginx, a real
// Redis. The request goes in as the dashboard sends it (POST /terraform/v1/mgmt/letsencrypt with
// a login token, through the front), platform calls mgmt's host RPC, mgmt runs certbot, links the
// files for nginx and reloads it. Renewal is mgmt's host action renewLetsEncrypt (the one
// platform's hourly timer calls), asked directly on mgmt's loopback port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/config/settings.hpp"
#include "common/process/spawn.hpp"
#include "common/redis/client.hpp"
#include "common/redis/keys.hpp"
#include "tests/mgmt/tls_files.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fetch.hpp"
#include "tests/support/net.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/wait.hpp"

namespace sc::mgmt {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kDomain = "stack.srs-cloud.test";

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

// Every certificate of a PEM text, in order.
std::vector<X509Ptr> ParseCertificates(const std::string& pem) {
  std::vector<X509Ptr> certificates;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certificates.emplace_back(certificate, &X509_free);
  }
  ERR_clear_error();
  return certificates;
}

std::string SerialOf(X509* certificate) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> number(
      ASN1_INTEGER_to_BN(X509_get_serialNumber(certificate), nullptr), &BN_free);
  char* hex = BN_bn2hex(number.get());
  std::string serial(hex);
  OPENSSL_free(hex);
  return serial;
}

bool SameCertificate(X509* a, X509* b) { return X509_cmp(a, b) == 0; }

// Whether `chain` (leaf first) verifies for `host` against `root` alone as the trust anchor.
std::string VerifyChain(const std::vector<X509Ptr>& chain, X509* root, const std::string& host) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), &X509_STORE_free);
  X509_STORE_add_cert(store.get(), root);
  const auto free_stack = [](STACK_OF(X509) * stack) { sk_X509_free(stack); };  // a macro, not a function
  std::unique_ptr<STACK_OF(X509), decltype(free_stack)> untrusted(sk_X509_new_null(), free_stack);
  for (std::size_t i = 1; i < chain.size(); ++i) sk_X509_push(untrusted.get(), chain[i].get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(),
                                                                          &X509_STORE_CTX_free);
  X509_STORE_CTX_init(context.get(), store.get(), chain[0].get(), untrusted.get());
  X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(context.get()), host.c_str(), host.size());
  if (X509_verify_cert(context.get()) == 1) return "ok";
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
}

struct TlsAnswer {
  std::string peer_serial{};  // the leaf the server presented
  std::string response{};     // what it sent back to `request`
};

// A TLS connection to 127.0.0.1:port that trusts only `trusted_pem` and checks the name
// `server_name` (also sent as SNI); nullopt when the handshake or the verification fails.
std::optional<TlsAnswer> TlsExchange(std::uint16_t port, const std::string& server_name,
                                     const std::string& trusted_pem, const std::string& request = "") {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  for (const X509Ptr& certificate : ParseCertificates(trusted_pem)) {
    X509_STORE_add_cert(SSL_CTX_get_cert_store(context.get()), certificate.get());
  }
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return std::nullopt;
  }
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(context.get()), &SSL_free);
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), server_name.c_str());
  SSL_set1_host(ssl.get(), server_name.c_str());
  std::optional<TlsAnswer> answer;
  if (SSL_connect(ssl.get()) == 1) {
    answer.emplace();
    X509Ptr peer(SSL_get1_peer_certificate(ssl.get()), &X509_free);
    answer->peer_serial = SerialOf(peer.get());
    if (!request.empty()) {
      SSL_write(ssl.get(), request.data(), static_cast<int>(request.size()));
      char buffer[4096];
      for (int n; (n = SSL_read(ssl.get(), buffer, sizeof buffer)) > 0;) answer->response.append(buffer, n);
    }
  }
  ERR_clear_error();
  SSL_shutdown(ssl.get());
  close(fd);
  return answer;
}

// The body of an HTTP/1.0 GET over TLS (pebble's management interface serves its CAs so).
std::string HttpsGet(std::uint16_t port, const std::string& path, const std::string& trusted_pem) {
  const auto answer = TlsExchange(port, "127.0.0.1", trusted_pem,
                                  "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  if (!answer) return "";
  const std::size_t body = answer->response.find("\r\n\r\n");
  return body == std::string::npos ? "" : answer->response.substr(body + 4);
}

using test::WaitUntil;

class LetsEncryptEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* program : {"pebble", "pebble-challtestsrv", "certbot", "nginx", "openssl"}) {
      if (!process::FindProgram(program)) GTEST_SKIP() << program << " is not installed (auto/setup installs it)";
    }
    MakePebbleTlsCertificate();
    StartDns();
    StartPebble();
    StartStack();
  }

  void Run(const std::vector<std::string>& argv) {
    test::ChildProcess child(argv, {}, work_.path() + "/openssl.log");
    child.Start();
    ASSERT_EQ(child.Wait(30s), 0) << child.ReadLog();
  }

  // The stand-in's HTTPS certificate for 127.0.0.1, from a CA made here (Debian's pebble ships
  // no test certificates); certbot trusts exactly this CA.
  void MakePebbleTlsCertificate() {
    const std::string dir = work_.path();
    Run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "2", "-subj", "/CN=pebble test CA", "-keyout", dir + "/ca.key", "-out", ca_file()});
    Run({"openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
         "/CN=127.0.0.1", "-keyout", dir + "/pebble.key", "-out", dir + "/pebble.csr"});
    std::ofstream(dir + "/san.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
    Run({"openssl", "x509", "-req", "-in", dir + "/pebble.csr", "-CA", ca_file(), "-CAkey", dir + "/ca.key",
         "-CAcreateserial", "-days", "2", "-extfile", dir + "/san.ext", "-out", dir + "/pebble.crt"});
    ca_pem_ = test::ReadWholeFile(ca_file());
  }

  void StartDns() {
    dns_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{"pebble-challtestsrv", "-dns01", "127.0.0.1:" + std::to_string(dns_port_),
                                 "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-http01", "", "-https01", "",
                                 "-tlsalpn01", "", "-management", "127.0.0.1:" + std::to_string(test::FreePort())},
        test::EnvList{}, work_.path() + "/challtestsrv.log");
    dns_->Start();
    ASSERT_TRUE(WaitUntil([this] { return test::PortAcceptsConnections(dns_port_); }, 10s)) << dns_->ReadLog();
  }

  void StartPebble() {
    const Json config = {{"pebble",
                          {{"listenAddress", "127.0.0.1:" + std::to_string(acme_port_)},
                           {"managementListenAddress", "127.0.0.1:" + std::to_string(pebble_admin_port_)},
                           {"certificate", work_.path() + "/pebble.crt"},
                           {"privateKey", work_.path() + "/pebble.key"},
                           {"httpPort", public_http_port_},  // where HTTP-01 is validated: our front
                           {"tlsPort", test::FreePort()},
                           {"ocspResponderURL", ""},
                           {"externalAccountBindingRequired", false}}}};
    std::ofstream(work_.path() + "/pebble.json") << config.dump(2);
    pebble_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{"pebble", "-config", work_.path() + "/pebble.json", "-dnsserver",
                                 "127.0.0.1:" + std::to_string(dns_port_)},
        // No random validation delay and no deliberately rejected nonces: the run is deterministic.
        test::EnvList{{"PEBBLE_VA_NOSLEEP", "1"}, {"PEBBLE_WFE_NONCEREJECT", "0"}},
        work_.path() + "/pebble.log");
    pebble_->Start();
    ASSERT_TRUE(WaitUntil([this] { return test::PortAcceptsConnections(acme_port_); }, 10s)) << pebble_->ReadLog();
  }

  void StartStack() {
    std::ofstream(home_.path() + "/.env")
        << "REDIS_PORT=" << redis_.port() << "\nREDIS_PASSWORD=" << redis_.password()
        << "\nMGMT_PORT=" << mgmt_port_ << "\nPLATFORM_PORT=" << test::FreePort()
        << "\nHOOKS_PORT=" << test::FreePort() << "\nRELEASES_PORT=" << test::FreePort()
        << "\nTENCENT_PORT=" << test::FreePort() << "\nFFMPEG_PORT=" << test::FreePort()
        << "\nSRS_HTTP_PORT=" << test::FreePort() << "\nSRS_API_PORT=" << test::FreePort()
        << "\nSRS_RTMP_PORT=" << test::FreePort() << "\nMGMT_SERVICES=platform\nMEDIA_ENGINE=none"
        << "\nPROMETHEUS=false\nCLOUD=OTHER\nREGION=test\nSTOP_GRACE_MS=4000\nUSE_DOCKER=false"
        << "\nFRONT_NGINX=true\nPUBLIC_HTTP_PORT=" << public_http_port_
        << "\nPUBLIC_HTTPS_PORT=" << public_https_port_ << "\nUI_DIR=" << home_.path() << "/ui"
        << "\nACME_SERVER=https://127.0.0.1:" << acme_port_ << "/dir\nACME_CA_BUNDLE=" << AcmeCaBundle() << "\n";
    fs::create_directories(home_.path() + "/ui");
    std::ofstream(home_.path() + "/ui/index.html") << "dashboard";
    mgmt_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::BinaryPath("srs-cloud-mgmt")},
        test::EnvList{{"SRS_CLOUD_HOME", home_.path()}}, home_.path() + "/mgmt.out");
    mgmt_->Start();
    ASSERT_TRUE(test::WaitForHttp(public_http_port_, "/terraform/v1/mgmt/versions", 20s)) << mgmt_->ReadLog();
  }

  // A dashboard login through the front, as the browser does it.
  // The dashboard's request: Settings -> HTTPS -> Let's Encrypt, through the public nginx.
  http::ClientResponse AskForCertificate(const std::string& token) const {
    http::ClientRequest request{.method = "POST",
                                .url = "http://127.0.0.1:" + std::to_string(public_http_port_) +
                                       "/terraform/v1/mgmt/letsencrypt",
                                .timeout = 180s};
    request.headers = {{"Content-Type", "application/json"}};
    request.body = Json{{"token", token}, {"domain", kDomain}}.dump();
    return http::Fetch(request);
  }

  std::string LoginToken() {
    EXPECT_EQ(test::PostJson(public_http_port_, "/terraform/v1/mgmt/init", R"({"password":"pw-123456"})").status, 200);
    const auto login = test::PostJson(public_http_port_, "/terraform/v1/mgmt/login", R"({"password":"pw-123456"})");
    EXPECT_EQ(login.status, 200) << login.body;
    return Json::parse(login.body)["data"]["token"];
  }

  // The leaf nginx presents on the public HTTPS port once it verifies against `trusted`.
  std::string ServedSerial(const std::string& trusted) {
    const auto answer = TlsExchange(public_https_port_, kDomain, trusted);
    return answer ? answer->peer_serial : "";
  }

  // mgmt stops its front nginx with the nginx's workers. Killing mgmt outright (what the
  // ChildProcess destructor does) kills only the nginx master, through PR_SET_PDEATHSIG, and its
  // workers would go on holding the public ports.
  void TearDown() override {
    if (!mgmt_ || !mgmt_->running()) return;
    EXPECT_EQ(mgmt_->Stop(std::chrono::seconds(10)), 0);
    EXPECT_FALSE(test::PortAcceptsConnections(public_http_port_)) << "the front's workers outlived mgmt";
    EXPECT_FALSE(test::PortAcceptsConnections(public_https_port_)) << "the front's workers outlived mgmt";
  }

  std::string ssl(const char* name) const { return home_.path() + "/containers/ssl/" + name; }
  std::string live(const char* name) const {
    return home_.path() + "/containers/etc/letsencrypt/live/" + kDomain + "/" + name;
  }
  std::string ca_file() const { return work_.path() + "/ca.pem"; }
  // What certbot trusts for the ACME server's HTTPS.
  virtual std::string AcmeCaBundle() const { return ca_file(); }

  test::TempDir work_;
  test::TempDir home_;
  test::RedisServer redis_;
  std::string ca_pem_;
  const std::uint16_t dns_port_ = test::FreePort();
  const std::uint16_t acme_port_ = test::FreePort();
  const std::uint16_t pebble_admin_port_ = test::FreePort();
  const std::uint16_t public_http_port_ = test::FreePort();
  const std::uint16_t public_https_port_ = test::FreePort();
  const std::uint16_t mgmt_port_ = test::FreePort();
  std::unique_ptr<test::ChildProcess> dns_;
  std::unique_ptr<test::ChildProcess> pebble_;
  std::unique_ptr<test::ChildProcess> mgmt_;
};

TEST_F(LetsEncryptEndToEndTest, DashboardRequestIssuesLinksServesAndRenews) {
  const std::string token = LoginToken();
  // Pebble's issuing CAs, from its management interface (a new pair every run).
  const std::string root_pem = HttpsGet(pebble_admin_port_, "/roots/0", ca_pem_);
  const std::string intermediate_pem = HttpsGet(pebble_admin_port_, "/intermediates/0", ca_pem_);
  const auto roots = ParseCertificates(root_pem);
  const auto intermediates = ParseCertificates(intermediate_pem);
  ASSERT_EQ(roots.size(), 1u) << root_pem;
  ASSERT_EQ(intermediates.size(), 1u) << intermediate_pem;

  // The dashboard's request: Settings -> HTTPS -> Let's Encrypt.
  const auto issued = AskForCertificate(token);
  ASSERT_EQ(issued.status, 200) << issued.body << "\n" << mgmt_->ReadLog() << pebble_->ReadLog()
                                << test::ReadWholeFile(home_.path() + "/logs/platform.log");
  EXPECT_EQ(issued.body, R"({"code":0})");
  EXPECT_NE(pebble_->ReadLog().find("Issued certificate serial"), std::string::npos);
  // Pebble validated over HTTP-01 through the front (its validation requests are in its log).
  const std::string access_log = test::ReadWholeFile(home_.path() + "/logs/nginx-access.log");
  EXPECT_NE(access_log.find("GET /.well-known/acme-challenge/"), std::string::npos) << access_log;

  // nginx reads the chain and the key certbot made.
  ASSERT_TRUE(fs::is_symlink(ssl("nginx.crt")));
  EXPECT_EQ(fs::canonical(ssl("nginx.crt")), fs::canonical(live("fullchain.pem")));
  EXPECT_EQ(fs::canonical(ssl("nginx.key")), fs::canonical(live("privkey.pem")));
  const auto chain = ParseCertificates(test::ReadWholeFile(ssl("nginx.crt")));
  ASSERT_GE(chain.size(), 2u) << "nginx.crt must be the full chain, not cert.pem";
  EXPECT_TRUE(SameCertificate(chain[1].get(), intermediates[0].get()));
  EXPECT_EQ(VerifyChain(chain, roots[0].get(), kDomain), "ok");
  const std::string first_serial = SerialOf(chain[0].get());
  config::Settings redis_settings(home_.path(), {{"REDIS_PORT", std::to_string(redis_.port())},
                                                 {"REDIS_PASSWORD", redis_.password()}});
  redis::Client redis(redis_settings.Redis());
  EXPECT_EQ(redis.Get(redis::keys::kSrsHttps), "lets");

  // The front was reloaded: a client that trusts only pebble's root accepts what it serves.
  std::string served;
  EXPECT_TRUE(WaitUntil([&] { return (served = ServedSerial(root_pem)) == first_serial; }, 10s))
      << "served " << served << ", issued " << first_serial;

  // Renewal, the host action platform's timer calls: not due yet, nothing changes.
  const auto renew = [&](bool force) {
    const auto answer = test::PostJson(
        mgmt_port_, "/terraform/v1/host/exec",
        Json{{"token", token}, {"action", "renewLetsEncrypt"}, {"args", Json::array({force})}}.dump());
    EXPECT_EQ(answer.status, 200) << answer.body;
    return Json::parse(answer.body);
  };
  EXPECT_EQ(renew(false)["data"]["renewOk"], false);
  EXPECT_EQ(SerialOf(ParseCertificates(test::ReadWholeFile(ssl("nginx.crt")))[0].get()), first_serial);

  // Forced: a new certificate, linked, served.
  const Json forced = renew(true);
  EXPECT_EQ(forced["data"]["renewOk"], true) << forced.dump();
  const auto renewed = ParseCertificates(test::ReadWholeFile(ssl("nginx.crt")));
  ASSERT_GE(renewed.size(), 2u);
  const std::string second_serial = SerialOf(renewed[0].get());
  EXPECT_NE(second_serial, first_serial);
  EXPECT_EQ(VerifyChain(renewed, roots[0].get(), kDomain), "ok");
  EXPECT_EQ(fs::canonical(ssl("nginx.crt")), fs::canonical(live("fullchain.pem")));
  EXPECT_TRUE(WaitUntil([&] { return (served = ServedSerial(root_pem)) == second_serial; }, 10s))
      << "served " << served << ", renewed " << second_serial;
}

// certbot verifies the ACME server: trusting only the system's CAs, it refuses the stand-in, and
// the dashboard hears certbot's failure instead of a success; nginx keeps its certificate.
class LetsEncryptUntrustedServerTest : public LetsEncryptEndToEndTest {
 protected:
  std::string AcmeCaBundle() const override { return "/etc/ssl/certs/ca-certificates.crt"; }
};

TEST_F(LetsEncryptUntrustedServerTest, CertbotsFailureReachesTheDashboardAndNothingChanges) {
  const std::string token = LoginToken();
  const std::string before = test::ReadWholeFile(ssl("nginx.crt"));
  ASSERT_FALSE(before.empty());
  const auto refused = AskForCertificate(token);
  EXPECT_EQ(refused.status, 500) << refused.body;
  const Json body = Json::parse(refused.body);
  EXPECT_EQ(body["code"], 1002);
  EXPECT_NE(body["data"]["message"].get<std::string>().find("certbot failed"), std::string::npos) << refused.body;
  EXPECT_EQ(pebble_->ReadLog().find("Issued certificate serial"), std::string::npos);
  EXPECT_FALSE(fs::is_symlink(ssl("nginx.crt")));
  EXPECT_EQ(test::ReadWholeFile(ssl("nginx.crt")), before);
  config::Settings redis_settings(home_.path(), {{"REDIS_PORT", std::to_string(redis_.port())},
                                                 {"REDIS_PASSWORD", redis_.password()}});
  redis::Client redis(redis_settings.Redis());
  EXPECT_FALSE(redis.Get(redis::keys::kSrsHttps).has_value());
}

}  // namespace
}  // namespace sc::mgmt
