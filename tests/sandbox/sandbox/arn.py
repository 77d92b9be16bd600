"""aws-iam-authenticator's arn.Canonicalize (pkg/arn/arn.go)."""

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f",
              "aws-eusc")


class ArnError(ValueError):
    pass


def canonicalize(arn):
    """(principal type, canonical ARN): assumed-role sessions become the path-less role."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise ArnError("arn '%s' is invalid: 'arn: invalid prefix'" % arn)
    _, partition, service, _region, account, resource = parts
    if partition not in PARTITIONS:
        raise ArnError("arn '%s' does not have a recognized partition" % arn)
    segs = resource.split("/")
    kind = segs[0]
    if service == "sts":
        if kind == "federated-user":
            return "FEDERATED_USER", arn
        if kind == "assumed-role":
            if len(segs) < 3:
                raise ArnError("assumed-role arn '%s' does not have a role" % arn)
            return "ASSUMED_ROLE", "arn:%s:iam::%s:role/%s" % (partition, account,
                                                               "/".join(segs[1:-1]))
        raise ArnError("unrecognized resource %s for service sts" % arn)
    if service == "iam":
        if kind in ("role", "user", "root"):
            return kind.upper(), arn
        raise ArnError("unrecognized resource %s for service iam" % arn)
    raise ArnError("service %s in arn %s is not a valid service for identities" % (service, arn))
