#include "kube/review.hpp"

#include "core/error.hpp"
#include "kube/paths.hpp"

namespace ssomap::kube {

UserInfo SelfSubjectReview(Client& client) {
  const auto review =
      client.Create(SelfSubjectReviewPath(),
                    {{"apiVersion", "authentication.k8s.io/v1"}, {"kind", "SelfSubjectReview"}});
  const auto status = review.find("status");
  if (status == review.end() || !status->contains("userInfo") ||
      !(*status)["userInfo"].is_object()) {
    throw Error("the API server's SelfSubjectReview has no status.userInfo");
  }
  const auto& user = (*status)["userInfo"];
  UserInfo info;
  info.username = user.value("username", "");
  info.groups = user.value("groups", std::vector<std::string>{});
  return info;
}

}  // namespace ssomap::kube
