#pragma once
// A fake API server for the aws-auth use cases: one ConfigMap kube-system/aws-auth with
// optimistic concurrency (PUT conditioned on resourceVersion, POST when missing), behind the
// recording FakeTransport, and the WriteSeams of a test (backups in a temporary directory, no
// sleeping, the largest jitter).
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"
#include "kube/auth_static.hpp"
#include "kube/client.hpp"
#include "ops/aws_auth_store.hpp"
#include "temp_dir.hpp"

namespace ssomap::testing {

/// A node role's aws-auth entry, and a role ARN to map, for the write-path tests.
inline const std::string kNodeEntry =
    "- rolearn: arn:aws:iam::123456789999:role/node\n  username: "
    "system:node:{{EC2PrivateDNSName}}\n  "
    "groups:\n    - system:nodes\n";
inline const std::string kDevRole = "arn:aws:iam::123456789999:role/Dev";

inline nlohmann::json ApiStatus(long code, const std::string& reason) {
  return {{"kind", "Status"},  {"apiVersion", "v1"}, {"status", "Failure"},
          {"message", reason}, {"reason", reason},   {"code", code}};
}

// One ConfigMap kube-system/aws-auth, PUT conditioned on resourceVersion, POST when missing.
struct FakeApi {
  std::optional<nlohmann::json> stored;
  int version = 100;
  int conflicts_to_inject = 0;            // PUTs answered 409 after `before_conflict` ran
  std::function<void()> before_conflict;  // another writer changes the object
  std::vector<std::string> log;           // "GET", "PUT rv=..", "POST"

  void Set(const std::map<std::string, std::string>& data) {
    stored = nlohmann::json{{"apiVersion", "v1"},
                            {"kind", "ConfigMap"},
                            {"metadata",
                             {{"name", "aws-auth"},
                              {"namespace", "kube-system"},
                              {"resourceVersion", std::to_string(++version)}}},
                            {"data", data}};
  }

  net::Response Handle(const net::Request& r) {
    const bool dry = r.url.find("dryRun=All") != std::string::npos;
    if (r.method == "GET") {
      log.push_back("GET");
      if (!stored) return {404, {}, ApiStatus(404, "NotFound").dump()};
      return {200, {}, stored->dump()};
    }
    auto body = nlohmann::json::parse(r.body);
    if (r.method == "POST") {
      log.push_back(dry ? "POST dry" : "POST");
      if (stored) return {409, {}, ApiStatus(409, "AlreadyExists").dump()};
      body["metadata"]["resourceVersion"] = std::to_string(version + 1);
      if (!dry) {
        ++version;
        stored = body;
      }
      return {201, {}, body.dump()};
    }
    const auto rv = body["metadata"].value("resourceVersion", "");
    log.push_back((dry ? "PUT dry rv=" : "PUT rv=") + rv);
    if (!stored) return {404, {}, ApiStatus(404, "NotFound").dump()};
    if (conflicts_to_inject > 0) {
      --conflicts_to_inject;
      if (before_conflict) before_conflict();
      return {409, {}, ApiStatus(409, "Conflict").dump()};
    }
    if (rv != (*stored)["metadata"]["resourceVersion"])
      return {409, {}, ApiStatus(409, "Conflict").dump()};
    body["metadata"]["resourceVersion"] = std::to_string(version + 1);
    if (!dry) {
      ++version;
      stored = body;
    }
    return {200, {}, body.dump()};
  }
};

inline kube::Credential Bearer() {
  kube::Credential c;
  c.token = "t";
  return c;
}

struct Fixture {
  FakeApi api;
  FakeTransport transport{[this](const net::Request& r) { return api.Handle(r); }};
  std::unique_ptr<kube::Client> client;
  TempDir temp;
  std::filesystem::path dir = temp.path();
  ops::BackupStore backups{"", {"https://api.test", "", "ctx"}, "test"};
  std::vector<std::chrono::milliseconds> sleeps;

  Fixture() {
    kube::ClientSettings settings;
    settings.endpoint.server = "https://api.test";
    client = std::make_unique<kube::Client>(
        settings, transport, std::make_unique<kube::StaticCredentialSource>(Bearer()));
    backups = ops::BackupStore(dir / "backups", {"https://api.test", "", "ctx"}, "test");
  }

  ops::WriteSeams Seams() {
    return {
        *client,
        &backups,
        "arn:aws:eks:us-east-2:123456789999:cluster/dev",
        [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000)); },
        [this](std::chrono::milliseconds d) { sleeps.push_back(d); },
        [] { return 0.999; }};
  }
};

}  // namespace ssomap::testing
