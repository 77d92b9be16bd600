#include "ops/restore.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "awsauth/checks.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

bool IsMaster(const awsauth::Mapping& m) {
  return std::find(m.groups.begin(), m.groups.end(), "system:masters") != m.groups.end();
}

const awsauth::Mapping* Winner(const std::vector<awsauth::Mapping>& list, const std::string& arn) {
  const long i = awsauth::WinningIndex(list, arn);
  return i < 0 ? nullptr : &list[static_cast<std::size_t>(i)];
}

void AddOnce(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

awsauth::Data DataOf(const nlohmann::json& configmap) {
  awsauth::Data data;
  const auto saved = configmap.value("data", nlohmann::json::object());
  for (const auto& [key, value] : saved.items()) data[key] = value.get<std::string>();
  return data;
}

std::string Describe(const Provenance& p) {
  return fmt::format("{}{} (context {})", p.cluster.server,
                     p.cluster.cluster_arn.empty() ? "" : ", " + p.cluster.cluster_arn,
                     p.cluster.context);
}

}  // namespace

Grants WhatItGrants(const awsauth::AwsAuth& now, const awsauth::AwsAuth& next) {
  Grants grants;
  for (const auto* list : {&next.roles, &next.users}) {
    for (const auto& m : *list) {
      if (!m.invalid.empty() || Winner(*list, m.arn) != &m) continue;
      const auto* before =
          Winner(m.source == awsauth::Source::kRoles ? now.roles : now.users, m.arn);
      if (before == nullptr) AddOnce(grants.new_identities, m.arn);
      if (IsMaster(m) && (before == nullptr || !IsMaster(*before)))
        AddOnce(grants.new_masters, m.arn);
    }
  }
  for (const auto& account : next.accounts) {
    if (std::find(now.accounts.begin(), now.accounts.end(), account) == now.accounts.end())
      AddOnce(grants.new_accounts, account);
  }
  return grants;
}

std::vector<std::string> IdentityMismatches(const Provenance& backup, const ClusterIdentity& live,
                                            const std::string& live_uid) {
  std::vector<std::string> out;
  if (backup.cluster.server != live.server) {
    out.push_back(
        fmt::format("it was taken on cluster {}, this is {}", backup.cluster.server, live.server));
  }
  if (!backup.cluster.cluster_arn.empty() && !live.cluster_arn.empty() &&
      backup.cluster.cluster_arn != live.cluster_arn) {
    out.push_back(fmt::format("it was taken on EKS cluster {}, this is {}",
                              backup.cluster.cluster_arn, live.cluster_arn));
  }
  if (backup.uid != live_uid) {
    out.push_back(fmt::format("it is of ConfigMap uid {}, the live aws-auth {}",
                              backup.uid.empty() ? "(none)" : backup.uid,
                              live_uid.empty() ? "does not exist" : "is uid " + live_uid));
  }
  return out;
}

BackupListing ListBackups(const BackupStore& store, kube::Client& client, TimePoint now) {
  BackupListing listing;
  const auto read = ReadAwsAuth(client);
  if (read.configmap)
    listing.live_uid = read.configmap->object.value("/metadata/uid"_json_pointer, std::string());
  for (auto& b : store.List(now)) {
    std::string status = "ok";
    if (!b.trusted()) {
      status = "untrusted: " + b.untrusted;
    } else if (b.future) {
      status = "dated in the future (never 'latest')";
    } else if (!IdentityMismatches(b.provenance, store.cluster(), listing.live_uid).empty()) {
      status = "other object";
    }
    listing.backups.push_back({std::move(b), std::move(status)});
  }
  return listing;
}

RestoreResult Restore(const RestoreRequest& request, const RestoreSeams& seams) {
  RestoreResult result;
  auto& plan = result.plan;
  auto loaded = seams.store.Load(request.name, seams.write.clock());
  plan.backup = std::move(loaded.first);
  plan.wanted = DataOf(loaded.second);
  const auto read = ReadAwsAuth(seams.client);
  plan.live = read.data();
  plan.live_uid = read.configmap
                      ? read.configmap->object.value("/metadata/uid"_json_pointer, std::string())
                      : std::string();

  // 1. The same cluster and the same object, or an explicit acknowledgement naming the live one.
  plan.mismatches =
      IdentityMismatches(plan.backup.provenance, seams.store.cluster(), plan.live_uid);
  const auto live_name = plan.live_uid.empty() ? std::string("none") : plan.live_uid;
  if (!plan.mismatches.empty() && request.accept_uid != live_name) {
    throw Error(
        fmt::format("backup {} is not of this aws-auth: {}; refusing to restore it (taken on {})",
                    plan.backup.name, text::Join(plan.mismatches, "; "),
                    Describe(plan.backup.provenance)),
        request.accept_uid.empty()
            ? fmt::format("pick a backup of this cluster (`kubectl ssomap restore` lists them); "
                          "to write it onto this aws-auth anyway, pass "
                          "--force-uid-mismatch={}",
                          live_name)
            : fmt::format("--force-uid-mismatch must name the live aws-auth's uid, {}", live_name),
        Exit::kRefused);
  }
  // 2. Never take nodes out unless forced.
  const auto live_auth = awsauth::Parse(plan.live);
  const auto wanted_auth = awsauth::Parse(plan.wanted);
  if (!request.force_node_roles) {
    const auto dropped = awsauth::DroppedNodeRoles(live_auth, wanted_auth);
    if (!dropped.empty()) {
      throw Error(fmt::format("restoring {} would drop the node role mapping of {}",
                              plan.backup.name, text::Join(dropped, ", ")),
                  "nodes would lose access to the cluster; pass --force if that is what you want",
                  Exit::kRefused);
    }
  }
  plan.grants = WhatItGrants(live_auth, wanted_auth);
  if (plan.live == plan.wanted && read.configmap) {
    result.unchanged = true;
    result.write.before = plan.live;
    result.write.after = plan.wanted;
    return result;
  }
  // 3. Shown and confirmed, then written only onto exactly what was shown.
  if (request.dry_run == DryRunMode::kNone && !request.yes &&
      !(seams.confirm && seams.confirm(plan))) {
    throw Error("restore not confirmed; nothing was written",
                "answer yes at the prompt, or pass --yes after reviewing the diff (--dry-run)",
                Exit::kRefused);
  }
  const auto guard = seams.store.ExpectingUid(plan.live_uid);
  auto write = seams.write;
  write.backups = &guard;
  const auto planner = [&](const awsauth::Data& current) {
    MappingPlan write_plan;
    // Planned again after a lost reply: the backup's data in place means the restore landed.
    if (current == plan.wanted && current != plan.live) {
      write_plan.data = current;
      return write_plan;  // Action::kUnchanged
    }
    if (current != plan.live) {
      throw Error("aws-auth changed after the restore was shown; nothing was written",
                  "run the restore again to see the change it makes now", Exit::kRefused);
    }
    write_plan.action = MappingPlan::Action::kRestore;
    write_plan.data = plan.wanted;
    return write_plan;
  };
  result.write = WriteAwsAuth(planner, {.dry_run = request.dry_run}, write);
  return result;
}

}  // namespace ssomap::ops
