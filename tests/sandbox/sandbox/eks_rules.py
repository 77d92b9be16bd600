"""What EKS refuses in access entries, as documented (EKS User Guide, creating-access-entries
and updating-access-entries; API reference) and as reported (sources in
../../shared/reviews/sandbox-eks-fidelity-2026-11-30.md). Each check raises EksError."""
import re

INVALID_PARAM = "InvalidParameterException"
FORMAT_MSG = "The principalArn parameter format is not valid"
INVALID_PRINCIPAL = "The specified principalArn is invalid: invalid principal."
SLR_MSG = ("The caller is not allowed to modify access entries with a principalArn value of a "
           "Service Linked Role")
RESERVED_USERNAME = ("system:", "eks:", "aws:", "amazon:", "iam:")


class EksError(Exception):
    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def bad(message):
    return EksError(400, INVALID_PARAM, message)


def principal_re(partition):
    return re.compile(r"^arn:%s:iam::\d{12}:(role|user)/[\w+=,.@/-]+$" % re.escape(partition))


def check_principal_format(arn, partition):
    """An IAM role or user ARN of the cluster's partition (not an STS session, not an
    access-entry ARN, not another partition's)."""
    if not principal_re(partition).match(arn or ""):
        raise bad(FORMAT_MSG)


def check_not_service_linked(role):
    if role is not None and role.service_linked:
        raise bad(SLR_MSG)


def check_groups(groups):
    for g in groups or []:
        if g.startswith("system:"):
            raise bad("The kubernetes group name %s is invalid, it cannot start with system:"
                      % g)


def check_username(username):
    """Reserved prefixes; a ':' before {{SessionName}}; no {{SessionNameRaw}} (the sandbox's
    choice: EKS does not honour it in access entries and its exact answer is not public)."""
    if username is None:
        return
    if username.startswith(RESERVED_USERNAME):
        raise bad("The username %s is invalid, it cannot start with system:, eks:, aws:, "
                  "amazon: or iam:" % username)
    if "{{SessionNameRaw}}" in username:
        raise bad("The username %s is invalid: {{SessionNameRaw}} is not supported in access "
                  "entries" % username)
    at = username.find("{{SessionName}}")
    if at >= 0 and ":" not in username[:at]:
        raise bad("The username %s is invalid: {{SessionName}} must follow a ':'" % username)


def check_node_principal(arn, kind, cluster_account):
    """Types other than STANDARD: an IAM role of the cluster's own account, nothing else."""
    if kind == "STANDARD":
        return
    if ":role/" not in arn:
        raise bad("The principalArn must be an IAM role for type %s" % kind)
    if arn.split(":")[4] != cluster_account:
        raise bad("The principalArn must be in the cluster's account %s for type %s"
                  % (cluster_account, kind))
