#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/encoding.hpp"
#include "core/environment.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "kube/auth_static.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/native_token.hpp"
#include "kube/tls.hpp"

using namespace ssomap;
using namespace ssomap::kube;

namespace {

constexpr const char* kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

FileReader Files(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
}

Cluster MakeCluster() {
  Cluster c;
  c.name = "dev";
  c.origin = "/k";
  c.server = "https://api.dev:6443/";
  return c;
}

User MakeUser() {
  User u;
  u.name = "alice";
  u.origin = "/k";
  return u;
}

}  // namespace

TEST_CASE("base64 decodes kubeconfig data with line breaks and round-trips") {
  const auto decode = [](std::string_view text) {
    return encoding::Base64Decode(text, encoding::Whitespace::kSkip);
  };
  CHECK(decode("aGVs\nbG8=") == "hello");
  CHECK(decode(" aGVs\r\n\tbG8=\n") == "hello");
  CHECK(!encoding::Base64Decode("aGVs\nbG8="));  // only where kubeconfig data allows it
  CHECK(decode("aGVsbG8") == "hello");
  CHECK(!decode("a$bc"));
  CHECK(!decode("aGVsbG8=x"));
  for (const std::string& s : {std::string(), std::string("a"), std::string("ab"),
                               std::string("abc"), std::string("abcd"), std::string(kPem)}) {
    CHECK(decode(encoding::Base64(s)) == s);
  }
  CHECK(encoding::Base64("ab") == "YWI=");
}

TEST_CASE("EndpointFor maps the cluster's TLS settings") {
  struct Case {
    const char* name;
    std::string ca_data, ca_file, server_name, proxy;
    bool insecure;
    std::string expected_pem;
    bool expected_insecure;
  };
  const Case cases[] = {
      {"data", encoding::Base64(kPem), "", "", "", false, kPem, false},
      {"data wins over file", encoding::Base64("DATA"), "/ca.crt", "", "", false, "DATA", false},
      {"file read", "", "/ca.crt", "", "", false, "FILE", false},
      {"server name and proxy", "", "", "api.internal", "socks5://p:1080", false, "", false},
      {"system store", "", "", "", "", false, "", false},
      {"insecure only when the kubeconfig says so", "", "", "", "", true, "", true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto cluster = MakeCluster();
    cluster.certificate_authority_data = c.ca_data;
    cluster.certificate_authority = c.ca_file;
    cluster.tls_server_name = c.server_name;
    cluster.proxy_url = c.proxy;
    cluster.insecure_skip_tls_verify = c.insecure;
    auto e = EndpointFor(cluster, Files({{"/ca.crt", "FILE"}}));
    CHECK(e.server == "https://api.dev:6443");
    CHECK(e.tls.ca_pem == c.expected_pem);
    CHECK(e.tls.ca_file.empty());
    CHECK(e.tls.insecure_skip_verify == c.expected_insecure);
    CHECK(e.warnings.size() == (c.expected_insecure ? 1u : 0u));
    CHECK(e.tls.server_name == c.server_name);
    CHECK(e.proxy == c.proxy);
  }
}

TEST_CASE("EndpointFor refuses what it cannot verify, naming the file") {
  struct Case {
    const char* name;
    std::string ca_data, ca_file, server;
    bool insecure;
    const char* expected;
  };
  const Case cases[] = {
      {"insecure with CA", encoding::Base64(kPem), "", "https://x", true,
       "insecure-skip-tls-verify is not allowed"},
      {"insecure with CA file", "", "/ca.crt", "https://x", true,
       "insecure-skip-tls-verify is not allowed"},
      {"bad base64", "!!!", "", "https://x", false,
       "certificate-authority-data is not valid base64"},
      {"missing CA file", "", "/nope.crt", "https://x", false,
       "certificate-authority /nope.crt does not exist"},
      {"not a URL", "", "", "api.dev:6443", false, "is not an https:// URL"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto cluster = MakeCluster();
    cluster.certificate_authority_data = c.ca_data;
    cluster.certificate_authority = c.ca_file;
    cluster.server = c.server;
    cluster.insecure_skip_tls_verify = c.insecure;
    try {
      EndpointFor(cluster, Files({{"/ca.crt", "FILE"}}));
      FAIL("no error");
    } catch (const Error& e) {
      std::string m = e.what();
      CHECK(m.find("kubeconfig /k: cluster 'dev': ") == 0);
      CHECK(m.find(c.expected) != std::string::npos);
    }
  }
}

TEST_CASE("StaticCredential: token over tokenFile, data over files, cert needs key") {
  auto read =
      Files({{"/tok", "  file-token\n"}, {"/c.pem", "CERT"}, {"/k.pem", "KEY"}, {"/empty", "\n"}});
  auto u = MakeUser();
  u.token = "inline";
  u.token_file = "/tok";
  CHECK(StaticCredential(u, read).token == "inline");
  u.token.clear();
  CHECK(StaticCredential(u, read).token == "file-token");

  auto cert = MakeUser();
  cert.client_certificate = "/c.pem";
  cert.client_key = "/k.pem";
  auto c = StaticCredential(cert, read);
  CHECK(c.client_cert_pem == "CERT");
  CHECK(c.client_key_pem == "KEY");
  cert.client_certificate_data = encoding::Base64("DATA-CERT");
  CHECK(StaticCredential(cert, read).client_cert_pem == "DATA-CERT");

  auto basic = MakeUser();
  basic.username = "u";
  basic.password = "p";
  CHECK(StaticCredential(basic, read).basic_user == "u");
  CHECK(StaticCredential(MakeUser(), read).Empty());
}

TEST_CASE("StaticCredential errors name the user and the file") {
  struct Case {
    const char* name;
    User user;
    const char* expected;
  };
  auto with = [](auto fn) {
    auto u = MakeUser();
    fn(u);
    return u;
  };
  const Case cases[] = {
      {"cert without key", with([](User& u) { u.client_certificate = "/c.pem"; }),
       "client-certificate without client-key"},
      {"key without cert", with([](User& u) { u.client_key_data = encoding::Base64("K"); }),
       "client-key without client-certificate"},
      {"missing token file", with([](User& u) { u.token_file = "/none"; }),
       "tokenFile /none does not exist"},
      {"empty token file", with([](User& u) { u.token_file = "/empty"; }),
       "tokenFile /empty is empty"},
      {"bad data", with([](User& u) { u.client_certificate_data = "%%"; }),
       "client-certificate-data is not valid base64"},
      {"auth-provider", with([](User& u) { u.has_auth_provider = true; }),
       "auth-provider plugins are not supported"},
      {"token and basic", with([](User& u) {
         u.token = "t";
         u.username = "x";
       }),
       "more than one authentication method"},
  };
  auto read = Files({{"/c.pem", "CERT"}, {"/empty", "\n"}});
  for (const auto& c : cases) {
    CAPTURE(c.name);
    try {
      StaticCredential(c.user, read);
      FAIL("no error");
    } catch (const Error& e) {
      std::string m = e.what();
      CHECK(m.find("kubeconfig /k: user 'alice': ") == 0);
      CHECK(m.find(c.expected) != std::string::npos);
    }
  }
}

TEST_CASE("OverlayEnvironment: the exec's env wins over the process's") {
  FakeEnvironment base(
      std::map<std::string, std::string>{{"AWS_PROFILE", "base"}, {"HOME_ONLY", "x"}}, "/h");
  OverlayEnvironment env(base,
                         {{"AWS_PROFILE", "first"}, {"AWS_PROFILE", "exec"}, {"AWS_REGION", "r"}});
  CHECK(env.Get("AWS_PROFILE") == "exec");
  CHECK(env.Get("AWS_REGION") == "r");
  CHECK(env.Get("HOME_ONLY") == "x");
  CHECK_FALSE(env.Get("NOPE"));
  CHECK(env.Home() == "/h");
}
