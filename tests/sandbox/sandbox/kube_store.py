"""The Kubernetes object store: one lock, one resourceVersion counter, optimistic concurrency.

Objects are JSON-shaped dicts keyed by (resource, namespace, name). Every write goes through
`mutate`, which checks preconditions under the lock, so concurrent writers see 409 Conflict
exactly as they would against etcd.
"""
import copy
import datetime
import secrets
import string
import threading
import uuid

from . import kube_resources as kr
from . import kube_status as st

ALNUM = string.ascii_lowercase + string.digits


def timestamp(dt=None):
    dt = dt or datetime.datetime.now(datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    def __init__(self):
        self.lock = threading.RLock()
        self.objects = {}
        self.applied = {}     # (resource, namespace, name, field manager) -> applied config
        self.rv = 100

    # ---- reads ------------------------------------------------------------------------
    def get(self, resource, namespace, name):
        with self.lock:
            obj = self.objects.get((resource, namespace or "", name))
            return copy.deepcopy(obj) if obj else None

    def list(self, resource, namespace=None):
        with self.lock:
            items = [copy.deepcopy(o) for (r, ns, _), o in sorted(self.objects.items())
                     if r == resource and (namespace is None or ns == namespace)]
            return items, str(self.rv)

    def namespace_exists(self, name):
        with self.lock:
            return ("namespaces", "", name) in self.objects

    # ---- writes -----------------------------------------------------------------------
    def _stamp(self, res, obj, namespace, old=None):
        meta = obj.setdefault("metadata", {})
        obj["apiVersion"], obj["kind"] = res.api_version, res.kind
        if res.namespaced:
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)
        self.rv += 1
        meta["resourceVersion"] = str(self.rv)
        meta["uid"] = old["metadata"]["uid"] if old else str(uuid.uuid4())
        meta["creationTimestamp"] = old["metadata"]["creationTimestamp"] if old else timestamp()
        for key in ("selfLink", "managedFields", "deletionTimestamp"):
            meta.pop(key, None)
        if old is not None and meta.get("generation") is not None:
            meta["generation"] = old["metadata"].get("generation", 1) + 1
        return obj

    def create(self, res, namespace, obj, dry_run=False):
        with self.lock:
            obj = copy.deepcopy(obj)
            meta = obj.setdefault("metadata", {})
            if not meta.get("name") and meta.get("generateName"):
                meta["name"] = meta["generateName"] + "".join(
                    secrets.choice(ALNUM) for _ in range(5))
            key = (res.name, namespace or "", meta.get("name", ""))
            if key in self.objects:
                raise st.KubeError(st.already_exists(res.name, res.group, key[2]))
            if res.namespaced and not self.namespace_exists(namespace):
                raise st.KubeError(st.not_found("namespaces", "", namespace))
            rv = self.rv
            self._stamp(res, obj, namespace)
            if dry_run:
                self.rv = rv
            else:
                self.objects[key] = obj
            return copy.deepcopy(obj)

    def mutate(self, res, namespace, name, fn, precondition_rv=None, allow_create=False,
               dry_run=False):
        """Replace an object with fn(current copy or None) under the lock.

        precondition_rv: the resourceVersion the caller read (None: unconditional).
        """
        with self.lock:
            key = (res.name, namespace or "", name)
            old = self.objects.get(key)
            if old is None and not allow_create:
                raise st.KubeError(st.not_found(res.name, res.group, name))
            if old is not None and precondition_rv and \
                    precondition_rv != old["metadata"]["resourceVersion"]:
                raise st.KubeError(st.conflict(res.name, res.group, name))
            new = fn(copy.deepcopy(old) if old else None)
            if old is None:
                return self.create(res, namespace, new, dry_run)
            rv = self.rv
            self._stamp(res, new, namespace, old)
            if dry_run:
                self.rv = rv
            else:
                self.objects[key] = new
            return copy.deepcopy(new)

    def delete(self, res, namespace, name, precondition_rv=None, precondition_uid=None,
               dry_run=False):
        with self.lock:
            key = (res.name, namespace or "", name)
            old = self.objects.get(key)
            if old is None:
                raise st.KubeError(st.not_found(res.name, res.group, name))
            meta = old["metadata"]
            if precondition_uid and precondition_uid != meta["uid"]:
                raise st.KubeError(st.conflict(res.name, res.group, name, "Precondition failed: "
                                   "UID in precondition: %s, UID in object meta: %s"
                                   % (precondition_uid, meta["uid"])))
            if precondition_rv and precondition_rv != meta["resourceVersion"]:
                raise st.KubeError(st.conflict(res.name, res.group, name, "Precondition failed: "
                                   "ResourceVersion in precondition: %s, ResourceVersion in "
                                   "object meta: %s" % (precondition_rv,
                                                        meta["resourceVersion"])))
            if not dry_run:
                del self.objects[key]
                for k in [k for k in self.applied if k[:3] == key]:
                    del self.applied[k]
                self.rv += 1
                if res.name == "namespaces":
                    for k in [k for k in self.objects if k[1] == name]:
                        del self.objects[k]
            return copy.deepcopy(old)

    # ---- seeding and test helpers -------------------------------------------------------
    def seed(self, resource, namespace, obj, created=None):
        """Put an object in place at start-up (no checks), optionally backdated."""
        res = next(r for r in kr.RESOURCES if r.name == resource)
        with self.lock:
            meta = obj.setdefault("metadata", {})
            key = (resource, namespace or "", meta["name"])
            self._stamp(res, obj, namespace, self.objects.get(key))
            if created is not None:
                meta["creationTimestamp"] = timestamp(created)
            self.objects[key] = obj

    def upsert_configmap(self, namespace, name, data):
        res = kr.lookup("", "configmaps")

        def replace(old):
            obj = old or {"metadata": {"name": name}}
            obj["data"] = dict(data)
            return obj
        return self.mutate(res, namespace, name, replace, allow_create=True)
