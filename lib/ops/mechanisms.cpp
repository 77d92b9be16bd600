// Choosing the mechanism for a cluster's mode, and the problems across both.
#include "ops/mechanisms.hpp"

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

std::string Comparable(const std::string& arn) {
  try {
    return aws::AwsAuthForm(arn).arn;
  } catch (const Error&) {
    return arn;
  }
}

}  // namespace

AddMode ParseAddMode(std::string_view text) {
  if (text == "auto") return AddMode::kAuto;
  if (text == "configmap") return AddMode::kConfigMap;
  if (text == "api") return AddMode::kApi;
  throw UsageError(fmt::format("--mode {}: expected auto, configmap or api", text::Quote(text)));
}

Mechanism ChooseMechanism(AddMode mode, aws::AuthenticationMode cluster_mode) {
  using aws::AuthenticationMode;
  switch (mode) {
    case AddMode::kAuto:
      return aws::AdmitsAccessEntries(cluster_mode) ? Mechanism::kAccessEntry
                                                    : Mechanism::kConfigMap;
    case AddMode::kConfigMap:
      if (!aws::ReadsAwsAuth(cluster_mode))
        throw Error(
            "--mode configmap: the cluster's authentication mode is API, which ignores aws-auth; "
            "nothing was written",
            "use --mode api (or auto) to create an access entry", Exit::kRefused);
      return Mechanism::kConfigMap;
    case AddMode::kApi:
      if (!aws::AdmitsAccessEntries(cluster_mode))
        throw Error(
            "--mode api: the cluster's authentication mode is CONFIG_MAP, which has no access "
            "entries; nothing was written",
            "enable them with `aws eks update-cluster-config --name CLUSTER --access-config "
            "authenticationMode=API_AND_CONFIG_MAP`, or use --mode configmap",
            Exit::kRefused);
      return Mechanism::kAccessEntry;
  }
  return Mechanism::kConfigMap;
}

const ListedEntry* EntryFor(const std::vector<ListedEntry>& entries, const std::string& arn) {
  const auto wanted = Comparable(arn);
  for (const auto& e : entries) {
    if (Comparable(e.entry.principal_arn) == wanted) return &e;
  }
  return nullptr;
}

std::vector<MechanismProblem> MechanismProblems(const awsauth::AwsAuth& auth,
                                                const std::vector<ListedEntry>& entries,
                                                aws::AuthenticationMode mode) {
  std::vector<MechanismProblem> out;
  for (const auto* list : {&auth.roles, &auth.users}) {
    for (const auto& m : *list) {
      if (!aws::ReadsAwsAuth(mode)) {
        out.push_back(
            {m.arn, "ignored", "the cluster's authentication mode is API: EKS ignores aws-auth"});
      } else if (const auto* entry = EntryFor(entries, m.arn)) {
        out.push_back({m.arn, "shadowed",
                       fmt::format("the access entry of {} wins over this mapping",
                                   entry->entry.principal_arn)});
      }
    }
  }
  return out;
}

}  // namespace ssomap::ops
