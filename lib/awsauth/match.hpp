#pragma once
/// Which aws-auth entry admits a caller: aws-iam-authenticator's lookup, rule for rule, as the
/// one answer every command gives (list, add, remove, doctor, whoami).
///
/// Sources: kubernetes-sigs/aws-iam-authenticator at 81b1daba (2026-07-14), files below.
///
/// Rules (test names are in tests/unit/awsauth/match_test.cpp):
///
/// M1  mapRoles is searched first; mapUsers only when no role entry matches.
///       source: pkg/mapper/configmap/mapper.go:49-59
///       test:   "M1 a mapRoles entry wins over a mapUsers entry for the same ARN"
/// M2  rolearn is compared case-insensitively with the canonical ARN.
///       source: pkg/config/mapper.go:75; pkg/mapper/configmap/mapper.go:47
///       test:   "M2 rolearn compared case-insensitively"
/// M3  userarn is compared case-insensitively too, and may hold a role ARN.
///       source: pkg/config/mapper.go:116-126
///       test:   "M3 userarn holding a role ARN admits the role (issue 10 example)"
/// M4  mapRoles is keyed by the lower-cased rolearn: of one ARN in any case, the last wins.
///       source: pkg/config/mapper.go:94-98; pkg/mapper/configmap/configmap.go:242-244
///       test:   "M4 the last of case-variant rolearn duplicates wins"
/// M5  mapUsers is keyed by userarn as written: exact duplicates, the last wins; entries
///       differing only in case are all kept, and Go's map order picks one at random.
///       source: pkg/config/mapper.go:130-132; configmap.go:239-241, 257-265
///       test:   "M5 case-variant userarn duplicates are ambiguous; exact duplicates: the last
///       wins"
/// M6  an entry the authenticator drops (Validate fails) never matches.
///       source: configmap.go:139-144, 164-169
///       test:   "M6 dropped entries never match"
/// M7  an `sso:` matcher matches arn:aws:iam::<account>:role/AWSReservedSSO_<set>_* only
///       with feature gate SSORoleMatch (alpha, off by default); with `partition:` the
///       pattern is `arn::iam:…`, which never matches.
///       source: pkg/config/mapper.go:18-29, 80-88; pkg/config/features.go:43
///       test:   "M7 the sso matcher only with the feature gate, and never with a partition"
/// M8  a rolearn entry and an sso matcher that both match sit under different keys of one
///       Go map: either may be used.
///       source: configmap.go:269-277
///       test:   "M8 rolearn and sso matcher both matching are ambiguous"
/// M9  no entry matches and mapAccounts lists the account: the username is the canonical
///       ARN, with no groups.
///       source: pkg/server/server.go:496-498
///       test:   "M9 mapAccounts admits with the ARN as username"
/// M10  a key that does not parse contributes no entries; the other keys still load.
///       source: configmap.go:129-131, 154-156
///       test:   parse_differential_test.cpp "an unterminated quoted scalar on the last line…"

#include <string>
#include <string_view>
#include <vector>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// The authenticator's answer for one caller.
struct Admission {
  /// The entry the authenticator uses, or nullptr (then maybe `by_account`). Points into the
  /// AwsAuth given to Match, which must outlive this.
  const Mapping* used = nullptr;
  /// True when the authenticator may use any of several entries (rules M5, M8); `used` is then
  /// the first of them in document order and `candidates` lists all of them.
  bool ambiguous = false;
  std::vector<const Mapping*> candidates;
  /// Every other entry that matches the caller: shadowed now, and the one that admits it once
  /// `used` is removed (M1, M4). In document order, mapRoles before mapUsers.
  std::vector<const Mapping*> others;
  /// No entry matches but mapAccounts lists the account (M9).
  bool by_account = false;

  bool Admitted() const { return used != nullptr || by_account; }
};

/// Options of the authenticator that change matching.
struct MatchOptions {
  bool sso_role_match = false;  ///< feature gate SSORoleMatch (EKS: off)
};

/// The entries of `auth` that admit the caller whose canonical ARN is `canonical_arn`
/// (aws-iam-authenticator pkg/arn Canonicalize: an assumed-role ARN already turned into
/// `arn:<partition>:iam::<account>:role/<name>`), and which one the authenticator uses.
/// `account` (12 digits, may be empty) is checked against mapAccounts.
Admission Match(const AwsAuth& auth, std::string_view canonical_arn, std::string_view account = {},
                const MatchOptions& options = {});

/// The authenticator's choice among `matching`, the entries that match one caller in document
/// order, mapRoles before mapUsers (rules M1, M4, M5, M8): `used`, `ambiguous`, `candidates`
/// and `others` of Match.
Admission Resolve(const std::vector<const Mapping*>& matching);

/// The Admission points into `auth`: a temporary would leave it dangling.
Admission Match(const AwsAuth&& auth, std::string_view canonical_arn, std::string_view account = {},
                const MatchOptions& options = {}) = delete;

/// True when `entry`, valid, names `canonical_arn` by rolearn/userarn or, with the gate,
/// by its sso matcher — i.e. it would admit the caller if nothing else were in the way.
bool Matches(const Mapping& entry, std::string_view canonical_arn,
             const MatchOptions& options = {});

}  // namespace ssomap::awsauth
