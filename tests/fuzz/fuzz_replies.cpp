// libFuzzer target: server replies of any bytes — STS (query protocol, JSON or XML), the SSO
// portal and SSO-OIDC, EKS (DescribeCluster, access entries, policies, errors), IAM (GetRole,
// ListRoles, errors), Kubernetes Status objects and ConfigMaps, exec plugins' ExecCredential —
// are read or refused with ssomap::Error. A library exception escaping (a field of the wrong
// type, issue 11 §5) or a crash is a finding. The first byte picks the HTTP status.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/eks_errors.hpp"
#include "aws/eks_json.hpp"
#include "aws/iam.hpp"
#include "aws/sso_portal.hpp"
#include "aws/sts_reply.hpp"
#include "core/error.hpp"
#include "kube/api_error.hpp"
#include "kube/configmap.hpp"
#include "kube/exec_plugin.hpp"

using namespace ssomap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr long kStatuses[] = {200, 400, 401, 403, 404, 409, 429, 500, 503};
  const long status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  net::Response response;
  response.status = status;
  response.body = body;
  response.headers = {{"content-type", "application/json"}};
  const auto guard = [](auto&& read) {
    try {
      read();
    } catch (const Error&) {
    }
  };
  guard([&] {
    const auto reply = aws::sts::Reply::Parse(body, "GetCallerIdentity");
    (void)reply.Get({"Arn"});
    (void)reply.Get({"Credentials", "AccessKeyId"});
  });
  guard([&] { (void)aws::sts::ErrorFor(status, body, "AssumeRole"); });
  guard([&] { (void)aws::ParseRestJsonError(response); });
  guard([&] { (void)aws::ParseRoleCredentials(response, "sign in"); });
  guard([&] {
    aws::SsoToken token;
    token.access_token = "a";
    (void)aws::ParseRefreshResponse(response, token, TimePoint{});
  });
  guard([&] {
    (void)kube::ErrorFromResponse(response, {"PUT",
                                             "/api/v1/namespaces/kube-system/configmaps/"
                                             "aws-auth",
                                             "https://127.0.0.1:6443", "context 'c'"});
  });
  guard([&] {
    auto object = nlohmann::json::parse(body, nullptr, false);
    if (!object.is_discarded()) (void)kube::ConfigMapFromJson(std::move(object));
  });
  guard([&] { (void)aws::EksErrorFor("DescribeCluster", response); });
  const auto eks_reply = nlohmann::json::parse(body, nullptr, false);
  if (eks_reply.is_object()) {  // what EksClient::Call hands on
    guard([&] { (void)aws::eks_json::ClusterFrom(eks_reply); });
    guard([&] { (void)aws::eks_json::EntryFrom(eks_reply, "DescribeAccessEntry"); });
    guard([&] { (void)aws::eks_json::Strings(eks_reply, "accessEntries", "ListAccessEntries"); });
    guard([&] { (void)aws::eks_json::AssociatedFrom(eks_reply); });
    guard([&] { (void)aws::eks_json::PoliciesFrom(eks_reply); });
  }
  guard([&] { (void)aws::iam_xml::GetRoleReply(body); });
  guard([&] { (void)aws::iam_xml::ListRolesReply(body); });
  guard([&] { (void)aws::iam_xml::ErrorReply(body); });
  guard([&] {
    kube::ExecConfig exec;
    exec.api_version = "client.authentication.k8s.io/v1beta1";
    exec.command = "aws";
    kube::User user;
    user.name = "u";
    (void)kube::ParseExecCredential(exec, body, user);
  });
  return 0;
}
