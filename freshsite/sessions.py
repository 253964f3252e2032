"""Sessions in the store (``SESSION_ENGINE = "freshsite.sessions"``) that survive it being down.

Django's cache sessions, with two changes for a store (Redis) that cannot be reached:

- a session that cannot be read is empty for this request, so the visitor is served as an
  anonymous guest (catalog pages keep answering), and it is marked ``store_unavailable``;
- such a session is never written back and its cookie is kept, so the shopper is still logged
  in once the store is back. A session write that fails at the end of a request is logged and
  dropped: whatever needed the session to be kept (logging in) already used the store inside
  the view and got ``freshsite.middleware.StoreUnavailableMiddleware``'s 503.
"""

import logging

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_vary_headers

from .store import STORE_ERRORS

logger = logging.getLogger(__name__)


class SessionStore(CacheSessionStore):
    store_unavailable = False

    def load(self):
        try:
            session_data = self._cache.get(self.cache_key)
        except STORE_ERRORS as error:
            logger.warning("session not read: the store cannot be reached: %s", error)
            self.store_unavailable = True  # keeps its key: the stored session stays as it is
            return {}
        except Exception:  # as Django's own load: a key the cache refuses resets the session
            session_data = None
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if getattr(session, "store_unavailable", False):
            patch_vary_headers(response, ("Cookie",))
            return response
        try:
            return super().process_response(request, response)
        except STORE_ERRORS as error:
            logger.warning("session not saved: the store cannot be reached: %s", error)
            return response
