"""The REST verbs on resources (get, list, create, update, patch, delete), the review APIs,
and their checks: authorization, decoding, validation, dryRun, preconditions."""
import json

import yaml

from . import kube_discovery as disc
from . import kube_patch
from . import kube_proto
from . import kube_resources as kr
from . import kube_status as st
from . import rbac
from . import reviews
from . import watch

REVIEWS = ("selfsubjectaccessreviews", "selfsubjectreviews", "selfsubjectrulesreviews")


def _selector_matches(labels, selector):
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if "!=" in term:
            k, v = term.split("!=", 1)
            if labels.get(k.strip()) == v.strip():
                return False
        elif "=" in term:
            k, v = term.replace("==", "=").split("=", 1)
            if labels.get(k.strip()) != v.strip():
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def _field(obj, path):
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else None
    return obj if obj is None else str(obj)


def _fields_match(obj, selector):
    for term in filter(None, (t.strip() for t in selector.split(","))):
        neg = "!=" in term
        k, v = term.replace("!=", "=").replace("==", "=").split("=", 1)
        if (_field(obj, k.strip()) == v.strip()) == neg:
            return False
    return True


class Verbs:
    def _arg(self, name, default=""):
        return (self.query.get(name) or [default])[0]

    def _verb(self, name):
        m = self.command
        if m in ("GET", "HEAD"):
            if not name:
                return "watch" if self._arg("watch") in ("true", "1") else "list"
            return "get"
        return {"POST": "create", "PUT": "update", "PATCH": "patch",
                "DELETE": "delete" if name else "deletecollection"}.get(m, m.lower())

    def _body(self):
        ctype = self.headers.get("Content-Type", "application/json")
        try:
            if "protobuf" in ctype:
                return kube_proto.decode_object(self.body)
            if "yaml" in ctype:
                return yaml.safe_load(self.body or b"{}")
            return json.loads(self.body or b"{}")
        except (ValueError, yaml.YAMLError) as exc:
            raise st.KubeError(st.bad_request("error decoding request body: %s" % exc))

    def _dry_run(self):
        values = self.query.get("dryRun") or []
        for v in values:
            if v != "All":
                raise st.KubeError(st.invalid("DryRun", "", "", [(
                    "FieldValueNotSupported", "dryRun", 'Unsupported value: "%s": supported '
                    'values: "All"' % v)]))
        return bool(values)

    def resource_request(self, res, namespace, name, sub):
        verb = self._verb(name)
        if res.name in REVIEWS:
            if verb != "create":
                raise st.KubeError(st.status(405, "MethodNotAllowed", "the server does not "
                                             "allow this method on the requested resource"))
        attrs = rbac.Attributes(verb, res.name, res.group, namespace, name, sub)
        allowed, _ = rbac.authorize(self.kc.store, self.user, attrs)
        if not allowed:
            return self.send_status(st.forbidden(self.user.name, verb, res.name, res.group,
                                                 namespace, name, sub))
        if sub or verb not in res.verbs:
            raise st.KubeError(st.status(405 if not sub else 404, "MethodNotAllowed" if not sub
                                         else "NotFound", "the server does not allow this "
                                         "method on the requested resource"))
        if res.name in REVIEWS:
            return reviews.review(self, res)
        self.escalation_check = lambda obj: self._no_escalation(res, namespace, verb, obj)
        getattr(self, "do_" + verb)(res, namespace, name)

    def _no_escalation(self, res, namespace, verb, obj):
        """Creating or changing a Role/Binding needs the permissions it grants, unless the
        user may `escalate` (roles) or `bind` (bindings)."""
        if res.group != kr.RBAC or verb not in ("create", "update", "patch"):
            return
        name = (obj.get("metadata") or {}).get("name", "")
        if res.kind in ("Role", "ClusterRole"):
            special, rules = "escalate", obj.get("rules") or []
        else:
            special = "bind"
            ref = obj.get("roleRef") or {}
            rules = rbac._role_rules(self.kc.store, ref, namespace)
        if rbac.authorize(self.kc.store, self.user, rbac.Attributes(
                special, res.name, res.group, namespace, name))[0]:
            return
        why = rbac.escalation(self.kc.store, self.user, namespace, rules)
        if why:
            raise st.KubeError(st.status(403, "Forbidden", '%s "%s" is forbidden: %s' % (
                st.qualified(res.name, res.group), name, why),
                {"name": name, "group": res.group, "kind": res.name}))

    # ---- reads ------------------------------------------------------------------------
    def _wants_table(self):
        return "as=Table" in self.headers.get("Accept", "")

    def do_get(self, res, namespace, name):
        obj = self.kc.store.get(res.name, namespace, name)
        if obj is None:
            raise st.KubeError(st.not_found(res.name, res.group, name))
        if self._wants_table():
            return self.send_json(200, disc.table(res.name, [obj],
                                                  obj["metadata"]["resourceVersion"]))
        self.send_json(200, obj)

    def do_list(self, res, namespace, name):
        items, rv = self.kc.store.list(res.name, namespace if res.namespaced and namespace
                                       else None)
        labels, fields = self._arg("labelSelector"), self._arg("fieldSelector")
        items = [o for o in items
                 if _selector_matches(o["metadata"].get("labels") or {}, labels)
                 and _fields_match(o, fields)]
        if self._wants_table():
            return self.send_json(200, disc.table(res.name, items, rv))
        for o in items:
            o.pop("apiVersion", None)
            o.pop("kind", None)
        self.send_json(200, {"kind": res.kind + "List", "apiVersion": res.api_version,
                             "metadata": {"resourceVersion": rv}, "items": items})

    def do_watch(self, res, namespace, name):
        watch.serve(self, res, namespace if res.namespaced else "",
                    lambda o: _selector_matches(o["metadata"].get("labels") or {},
                                                self._arg("labelSelector"))
                    and _fields_match(o, self._arg("fieldSelector")))

    # ---- writes -----------------------------------------------------------------------
    def _check_namespace(self, res, obj, namespace):
        meta = obj.setdefault("metadata", {}) if isinstance(obj, dict) else {}
        if res.namespaced and meta.get("namespace") not in (None, "", namespace):
            raise st.KubeError(st.bad_request("the namespace of the provided object does not "
                                              "match the namespace sent on the request"))

    def _strict(self):
        return self._arg("fieldValidation") == "Strict"

    def do_create(self, res, namespace, name):
        obj = self._body()
        dry = self._dry_run()
        kr.check(res, obj, strict=self._strict())
        self._check_namespace(res, obj, namespace)
        self.escalation_check(obj)
        self.send_json(201, self.kc.store.create(res, namespace, obj, dry))

    def do_update(self, res, namespace, name):
        obj = self._body()
        dry = self._dry_run()
        if not isinstance(obj, dict):
            raise st.KubeError(st.bad_request("cannot decode request body"))
        self._check_namespace(res, obj, namespace)
        body_name = obj.get("metadata", {}).get("name")
        if body_name and body_name != name:
            raise st.KubeError(st.bad_request("the name of the object (%s) does not match the "
                                              "name on the URL (%s)" % (body_name, name)))
        obj["metadata"]["name"] = name
        strict = self._strict()

        def replace(old):
            kr.check(res, obj, old, strict)
            self.escalation_check(obj)
            return obj
        rv = obj["metadata"].get("resourceVersion")
        out = self.kc.store.mutate(res, namespace, name, replace, rv,
                                   allow_create=res.create_on_update, dry_run=dry)
        self.send_json(200, out)

    def do_patch(self, res, namespace, name):
        ctype = self.headers.get("Content-Type", "")
        dry = self._dry_run()
        is_apply = ctype.startswith("application/apply-patch")
        if is_apply and not self._arg("fieldManager"):
            raise st.KubeError(st.invalid("PatchOptions", "meta.k8s.io", "", [(
                "FieldValueRequired", "fieldManager", "Required value: is required for apply "
                "patch")]))
        state = {}

        def patch(old):
            try:
                if is_apply:
                    applied = yaml.safe_load(self.body or b"{}")
                    key = (res.name, namespace, name, self._arg("fieldManager"))
                    new = kube_patch.server_side_apply(
                        old, applied, self.kc.store.applied.get(key))
                    if not dry:
                        self.kc.store.applied[key] = applied
                else:
                    new = kube_patch.apply_patch(ctype, old, self.body)
                    body = json.loads(self.body or b"{}")
                    if isinstance(body, dict):
                        state["rv"] = (body.get("metadata") or {}).get("resourceVersion")
            except LookupError:
                raise st.KubeError(st.status(415, "UnsupportedMediaType", "the body of the "
                                             "request was in an unknown format - accepted media"
                                             " types include: application/json-patch+json, "
                                             "application/merge-patch+json, application/apply-"
                                             "patch+yaml"))
            except (ValueError, kube_patch.PatchError, yaml.YAMLError) as exc:
                raise st.KubeError(st.status(422 if isinstance(exc, kube_patch.PatchError)
                                             else 400, "Invalid" if isinstance(
                                                 exc, kube_patch.PatchError) else "BadRequest",
                                             str(exc)))
            if old is not None:
                want = state.get("rv") or (new.get("metadata") or {}).get("resourceVersion")
                if want and want != old["metadata"]["resourceVersion"]:
                    raise st.KubeError(st.conflict(res.name, res.group, name))
                new.setdefault("metadata", {})["name"] = name
            kr.check(res, new, old, self._strict())
            self.escalation_check(new)
            return new
        out = self.kc.store.mutate(res, namespace, name, patch, allow_create=is_apply,
                                   dry_run=dry)
        self.send_json(200, out)

    def do_delete(self, res, namespace, name):
        dry = self._dry_run()
        opts = self._body() if self.body else {}
        pre = (opts or {}).get("preconditions") or {}
        old = self.kc.store.delete(res, namespace, name, pre.get("resourceVersion"),
                                   pre.get("uid"), dry)
        if res.name in ("pods", "namespaces"):
            return self.send_json(200, old)
        self.send_status(st.success(res.name, res.group, name, old["metadata"]["uid"]))

    def do_deletecollection(self, res, namespace, name):
        items, _ = self.kc.store.list(res.name, namespace or None)
        labels = self._arg("labelSelector")
        dry = self._dry_run()
        for o in items:
            if _selector_matches(o["metadata"].get("labels") or {}, labels):
                self.kc.store.delete(res, namespace, o["metadata"]["name"], dry_run=dry)
        self.send_json(200, {"kind": res.kind + "List", "apiVersion": res.api_version,
                             "metadata": {}, "items": []})
