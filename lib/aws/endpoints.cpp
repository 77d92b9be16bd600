#include "aws/endpoints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace ssomap::aws {
namespace {

// Region-name prefixes of the partitions (botocore data/partitions.json regionRegex), most
// specific first because `us-gov-`, `us-iso-` and friends also start with `us-`.
struct PrefixRule {
  std::string_view prefix;
  Partition partition;
};
constexpr std::array kPartitionRules = {
    PrefixRule{"us-gov-", {"aws-us-gov", "amazonaws.com"}},
    PrefixRule{"us-isob-", {"aws-iso-b", "sc2s.sgov.gov"}},
    PrefixRule{"us-isof-", {"aws-iso-f", "csp.hci.ic.gov"}},
    PrefixRule{"us-iso-", {"aws-iso", "c2s.ic.gov"}},
    PrefixRule{"eu-isoe-", {"aws-iso-e", "cloud.adc-e.uk"}},
    PrefixRule{"eusc-", {"aws-eusc", "amazonaws.eu"}},
    PrefixRule{"cn-", {"aws-cn", "amazonaws.com.cn"}},
};
constexpr Partition kAwsPartition{"aws", "amazonaws.com"};

// Regions that `sts_regional_endpoints = legacy` sends to the global endpoint
// (botocore args.py LEGACY_GLOBAL_STS_REGIONS).
constexpr std::array<std::string_view, 16> kLegacyGlobalStsRegions = {
    "ap-northeast-1", "ap-south-1",   "ap-southeast-1", "ap-southeast-2",
    "aws-global",     "ca-central-1", "eu-central-1",   "eu-north-1",
    "eu-west-1",      "eu-west-2",    "eu-west-3",      "sa-east-1",
    "us-east-1",      "us-east-2",    "us-west-1",      "us-west-2"};

// The global STS endpoint and the region it signs for.
constexpr std::string_view kGlobalSts = "https://sts.amazonaws.com";
constexpr std::string_view kGlobalSigningRegion = kDefaultStsRegion;

bool IsTrue(std::string_view v) { return text::EqualsIgnoreCase(text::Trim(v), "true"); }

std::string WithoutTrailingSlash(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Partition PartitionOf(std::string_view region) {
  for (const auto& rule : kPartitionRules) {
    if (region.substr(0, rule.prefix.size()) == rule.prefix) return rule.partition;
  }
  return kAwsPartition;
}

std::string_view EnvSuffix(Service service) {
  switch (service) {
    case Service::kSts:
      return "STS";
    case Service::kSso:
      return "SSO";
    case Service::kSsoOidc:
      return "SSO_OIDC";
    case Service::kEks:
      return "EKS";
    case Service::kIam:
      return "IAM";
  }
  return "";
}

std::string_view ServiceKey(Service service) {
  switch (service) {
    case Service::kSts:
      return "sts";
    case Service::kSso:
      return "sso";
    case Service::kSsoOidc:
      return "sso-oidc";
    case Service::kEks:
      return "eks";
    case Service::kIam:
      return "iam";
  }
  return "";
}

Endpoint DefaultEndpoint(Service service, std::string_view region, bool sts_legacy) {
  auto partition = PartitionOf(region);
  auto suffix = partition.dns_suffix;
  std::string r(region);
  switch (service) {
    case Service::kSts: {
      bool legacy = std::find(kLegacyGlobalStsRegions.begin(), kLegacyGlobalStsRegions.end(),
                              region) != kLegacyGlobalStsRegions.end();
      if (region == "aws-global" || (sts_legacy && legacy)) {
        return {std::string(kGlobalSts), std::string(kGlobalSigningRegion)};
      }
      return {fmt::format("https://sts.{}.{}", r, suffix), r};
    }
    case Service::kSso:
      return {fmt::format("https://portal.sso.{}.{}", r, suffix), r};
    case Service::kSsoOidc:
      return {fmt::format("https://oidc.{}.{}", r, suffix), r};
    case Service::kEks:
      return {fmt::format("https://eks.{}.{}", r, suffix), r};
    case Service::kIam:
      // IAM is global per partition (botocore partitions.json / endpoints.json).
      if (partition.name == "aws")
        return {"https://iam.amazonaws.com", std::string(kGlobalSigningRegion)};
      if (partition.name == "aws-cn")
        return {"https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"};
      if (partition.name == "aws-us-gov")
        return {"https://iam.us-gov.amazonaws.com", "us-gov-west-1"};
      return {fmt::format("https://iam.{}.{}", r, suffix), r};
  }
  return {};
}

Endpoint ResolveEndpoint(Service service, std::string_view region, const Environment& env,
                         const ConfigFiles& config, const std::string& profile) {
  std::string r(region);
  auto ignore = env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  bool ignored =
      ignore ? IsTrue(*ignore) : IsTrue(config.Get(profile, "ignore_configured_endpoint_urls"));
  if (!ignored) {
    auto specific = env.GetOr(fmt::format("AWS_ENDPOINT_URL_{}", EnvSuffix(service)), "");
    if (!specific.empty()) return {WithoutTrailingSlash(specific), r, true};
    auto global = env.GetOr("AWS_ENDPOINT_URL", "");
    if (!global.empty()) return {WithoutTrailingSlash(global), r, true};
    auto services_name = config.Get(profile, "services");
    if (auto it = config.services.find(services_name);
        !services_name.empty() && it != config.services.end()) {
      if (auto nested = it->second.nested.find(std::string(ServiceKey(service)));
          nested != it->second.nested.end()) {
        if (auto url = nested->second.find("endpoint_url");
            url != nested->second.end() && !url->second.empty()) {
          return {WithoutTrailingSlash(url->second), r, true};
        }
      }
    }
    auto profile_url = config.Get(profile, "endpoint_url");
    if (!profile_url.empty()) return {WithoutTrailingSlash(profile_url), r, true};
  }
  auto mode =
      env.Get("AWS_STS_REGIONAL_ENDPOINTS").value_or(config.Get(profile, "sts_regional_endpoints"));
  return DefaultEndpoint(service, region, text::EqualsIgnoreCase(text::Trim(mode), "legacy"));
}

std::string CaBundle(const Environment& env, const ConfigFiles& config,
                     const std::string& profile) {
  auto bundle = env.GetOr("AWS_CA_BUNDLE", "");
  if (bundle.empty()) bundle = config.Get(profile, "ca_bundle");
  return bundle.empty() ? bundle : ExpandHome(bundle, env);
}

net::Response CaBundleTransport::Send(const net::Request& request) {
  if (ca_file_.empty() || !request.tls.ca_file.empty() || !request.tls.ca_pem.empty())
    return inner_.Send(request);
  net::Request copy = request;
  copy.tls.ca_file = ca_file_;
  return inner_.Send(copy);
}

}  // namespace ssomap::aws
