#pragma once
/// SelfSubjectReview (authentication.k8s.io/v1, Kubernetes 1.28+): who the API server takes the
/// client's credential for, as `kubectl auth whoami` asks it.

#include <string>
#include <vector>

#include "kube/client.hpp"

namespace ssomap::kube {

/// The user the API server authenticated (status.userInfo).
struct UserInfo {
  std::string username;
  std::vector<std::string> groups;
};

/// POSTs a SelfSubjectReview with `client`'s credential. Throws ApiError (401: the credential is
/// refused) or ssomap::Error for a reply without status.userInfo.
UserInfo SelfSubjectReview(Client& client);

}  // namespace ssomap::kube
