"""What the authenticator sees of a cluster's access entries: each change is recorded with its
time and reaches sign-in `entry_delay_seconds` later (EKS's eventual consistency; 0 by
default). A mixin of ClusterState (needs .lock, .views, .entry_delay_seconds)."""
import copy
import time


class EntryViews:
    def publish(self, entry, delay=None):
        view = {k: copy.deepcopy(entry[k]) for k in ("principalArn", "username", "type",
                                                     "kubernetesGroups", "roleId")}
        view["policies"] = copy.deepcopy(list(entry["policies"].values()))
        self._push(entry["principalArn"], view, delay)

    def _push(self, principal, view, delay):
        """Record a change; it reaches sign-in `delay` seconds later (None: the cluster's
        entry_delay_seconds as it is when asked, so lowering it publishes pending changes)."""
        with self.lock:
            self.views.setdefault(principal.lower(), []).append((time.time(), delay, view))

    def effective_entry(self, principal):
        """The entry as the authenticator sees it now (None: no entry yet, or deleted)."""
        now = time.time()
        with self.lock:
            hist = self.views.get(principal.lower(), [])
            live = [i for i, (t, d, _) in enumerate(hist)
                    if t + (self.entry_delay_seconds if d is None else d) <= now]
            if not live:
                return None
            del hist[:live[-1]]       # keep the newest effective view and what is pending
            return copy.deepcopy(hist[0][2])

