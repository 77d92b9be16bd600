#pragma once
// A small in-memory EKS access-entry API behind FakeTransport, for the ops tests: entries,
// associations and the policy catalogue, with EKS's 404 and 409 answers. Every request is still
// recorded by the FakeTransport, so tests assert the calls made.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "fake_transport.hpp"

namespace ssomap::testing {

class FakeEks {
 public:
  struct Entry {
    nlohmann::json entry;                          // the accessEntry object
    std::map<std::string, nlohmann::json> scopes;  // policy ARN → accessScope
  };
  std::map<std::string, Entry> entries;  // by principal ARN
  std::string partition = "aws";
  FakeTransport transport{[this](const net::Request& r) { return Serve(r); }};

  void Put(const std::string& arn, std::vector<std::string> groups = {},
           std::string type = "STANDARD", std::string username = "u") {
    entries[arn].entry = {{"principalArn", arn},
                          {"kubernetesGroups", std::move(groups)},
                          {"username", std::move(username)},
                          {"type", std::move(type)}};
  }
  std::string PolicyArn(const std::string& name) const {
    return "arn:" + partition + ":eks::aws:cluster-access-policy/" + name;
  }
  /// "METHOD /path" of every request, without host and query.
  std::vector<std::string> Calls() const {
    std::vector<std::string> out;
    for (const auto& r : transport.requests) {
      auto path = r.url.substr(r.url.find('/', 8));
      out.push_back(r.method + " " + encoding::UriDecode(path.substr(0, path.find('?'))));
    }
    return out;
  }

 private:
  static net::Response Json(long status, const nlohmann::json& body) {
    return {status, {}, body.dump()};
  }
  static net::Response Err(long status, const std::string& code) {
    return {status, {{"x-amzn-errortype", code}}, R"({"message":"fake"})"};
  }

  net::Response Serve(const net::Request& r) {
    auto path = r.url.substr(r.url.find('/', 8));
    path = path.substr(0, path.find('?'));
    std::vector<std::string> parts;  // decoded segments
    for (std::size_t start = 1; start <= path.size();) {
      auto end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      parts.push_back(encoding::UriDecode(path.substr(start, end - start)));
      start = end + 1;
    }
    if (parts.size() == 1 && parts[0] == "access-policies") {
      nlohmann::json list = nlohmann::json::array();
      for (auto name :
           {"AmazonEKSClusterAdminPolicy", "AmazonEKSViewPolicy", "AmazonEKSEditPolicy"})
        list.push_back({{"name", name}, {"arn", PolicyArn(name)}});
      return Json(200, {{"accessPolicies", list}});
    }
    if (parts.size() < 3 || parts[0] != "clusters" || parts[2] != "access-entries")
      return Err(404, "ResourceNotFoundException");
    if (parts.size() == 3 && r.method == "GET") {
      nlohmann::json arns = nlohmann::json::array();
      for (const auto& [arn, e] : entries) arns.push_back(arn);
      return Json(200, {{"accessEntries", arns}});
    }
    if (parts.size() == 3 && r.method == "POST") {
      auto body = nlohmann::json::parse(r.body);
      const std::string arn = body["principalArn"];
      if (entries.count(arn)) return Err(409, "ResourceInUseException");
      Put(arn, body.value("kubernetesGroups", std::vector<std::string>{}), "STANDARD",
          body.value("username", std::string("default")));
      return Json(200, {{"accessEntry", entries[arn].entry}});
    }
    auto it = entries.find(parts[3]);
    if (it == entries.end()) return Err(404, "ResourceNotFoundException");
    auto& e = it->second;
    if (parts.size() == 4) {
      if (r.method == "GET") return Json(200, {{"accessEntry", e.entry}});
      if (r.method == "DELETE") {
        entries.erase(it);
        return Json(200, nlohmann::json::object());
      }
      auto body = nlohmann::json::parse(r.body);
      e.entry["kubernetesGroups"] = body["kubernetesGroups"];
      if (body.contains("username")) e.entry["username"] = body["username"];
      return Json(200, {{"accessEntry", e.entry}});
    }
    if (parts.size() == 5 && r.method == "GET") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& [arn, scope] : e.scopes)
        list.push_back({{"policyArn", arn}, {"accessScope", scope}});
      return Json(200, {{"associatedAccessPolicies", list}});
    }
    if (parts.size() == 5 && r.method == "POST") {
      auto body = nlohmann::json::parse(r.body);
      e.scopes[body["policyArn"]] = body["accessScope"];
      return Json(200, nlohmann::json::object());
    }
    if (parts.size() == 6 && r.method == "DELETE") {
      if (!e.scopes.erase(parts[5])) return Err(404, "ResourceNotFoundException");
      return Json(200, nlohmann::json::object());
    }
    return Err(400, "InvalidRequestException");
  }
};

}  // namespace ssomap::testing
