"""IAM role life cycle for the World (control operations): roles deleted, created again under
the same ARN with a new role id, and permission sets re-provisioned with a new suffix."""
import dataclasses
import datetime


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class RoleLifecycle:
    """Mixed into World: needs .lock, .roles, .deleted, .generations, .accounts, find_role,
    sso_role, sso_role_for and _load_roles."""

    def reset_roles(self):
        """IAM roles back to the world file's (undoes delete/create/reprovision)."""
        with self.lock:
            self.roles, self.deleted = {}, {}
        for acct in self.accounts:
            self._load_roles(acct)

    # ---- IAM changes (control operations) -------------------------------------------------
    def delete_role(self, account, name):
        """Delete a role: GetRole says NoSuchEntity, ListRoles omits it, EKS refuses it as a
        new principal; sessions issued before keep their identity."""
        role = self.find_role(account, name)
        if role is None:
            raise KeyError("no role %s in account %s" % (name, account))
        with self.lock:
            self.roles.pop(role.arn.lower(), None)
            self.deleted[(account, name.lower())] = role
        return role

    def create_role(self, account, name):
        """Create a deleted role again under the same ARN: a new role id and CreateDate."""
        with self.lock:
            template = self.deleted.pop((account, name.lower()), None)
            if template is None:
                raise KeyError("no deleted role %s in account %s" % (name, account))
            self.generations += 1
            role = dataclasses.replace(template, generation=self.generations, created=_utcnow())
            self.roles[role.arn.lower()] = role
        return role

    def recreate_role(self, account, name):
        self.delete_role(account, name)
        return self.create_role(account, name)

    def reprovision(self, account, pset, suffix):
        """Identity Center re-provisions a permission set: the old AWSReservedSSO_<set>_<hex>
        role is deleted, one with a new suffix is created."""
        old = self.sso_role(account, pset)
        if old is not None:
            self.delete_role(account, old.name)
        with self.lock:
            self.generations += 1
            role = dataclasses.replace(self.sso_role_for(account, pset, suffix),
                                       generation=self.generations, created=_utcnow())
            self.roles[role.arn.lower()] = role
        return role

