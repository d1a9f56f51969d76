"""Sessions in the database, read together with their signed-in user: one statement instead of two.

Django's database sessions cost every signed-in request two look-ups before the view runs: the session row, then
the user it names. For the kiosks' sale sync (four tills, each posting a sale every few seconds all day) those are
two of its six statements and a quarter of its CPU time (docs/performance.md, "Kiosk sales over HTTP").

`SessionStore` (SESSION_ENGINE) reads the session row as Django does and, when this process has seen the session
before (read it, or saved it at sign-in), the user's row in the same statement (`LEFT JOIN` on the user id the
session named last time: a hint only). The session data decoded from that row decides, exactly as before: the user
row is used only when the session names that very user; otherwise (a new process, a hint grown stale) the user is
looked up as Django does. Nothing is cached but the hint (session key → user id), so nothing can outlive a
revocation: signing out deletes the row, a changed password changes the session hash, a deactivated account fails
`is_active`, and each of those is read in the same statement as the session, on every request.

`AuthenticationMiddleware` (in place of Django's) takes that user when the session's backend is Django's
ModelBackend and the user passes the same checks as `django.contrib.auth.get_user` (may authenticate, session
hash matches); anything else — another backend, a hash to verify against SECRET_KEY_FALLBACKS, a flush — goes to
`django.contrib.auth.get_user` itself.
"""

from functools import partial

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.middleware import auser
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# session key -> the user id it named when this process last read it. A hint for the join, never trusted: the
# session data read with the row decides. Bounded: cleared whole when full (the next read of each is as Django's).
_USER_HINTS: dict[str, str] = {}
MAX_HINTS = 10_000
_SQL: dict[str, tuple[str, list[str]]] = {}


class _Row:
    """What Django's load() reads of a session row."""

    __slots__ = ("session_data",)

    def __init__(self, session_data: str):
        self.session_data = session_data


def _session_and_user_sql(alias: str, session_model) -> tuple[str, list[str]]:
    """SELECT the session's data and every column of one user (NULLs when there is none), once per database."""
    cached = _SQL.get(alias)
    if cached is None:
        user_model = get_user_model()
        quote = connections[alias].ops.quote_name
        fields = [field.attname for field in user_model._meta.concrete_fields]
        columns = ", ".join(f"u.{quote(field.column)}" for field in user_model._meta.concrete_fields)
        session_meta = session_model._meta
        sql = (
            f"SELECT s.{quote(session_meta.get_field('session_data').column)}, u.{quote(user_model._meta.pk.column)}"
            f" IS NOT NULL, {columns}"
            f" FROM {quote(session_meta.db_table)} s"
            f" LEFT JOIN {quote(user_model._meta.db_table)} u ON u.{quote(user_model._meta.pk.column)} = %s"
            f" WHERE s.{quote(session_meta.get_field('session_key').column)} = %s"
            f" AND s.{quote(session_meta.get_field('expire_date').column)} > %s"
        )
        cached = _SQL[alias] = (sql, fields)
    return cached


class SessionStore(db.SessionStore):
    prefetched_user = None

    def _get_session_from_db(self):
        hint = _USER_HINTS.get(self.session_key) if self.session_key else None
        if hint is None:
            return super()._get_session_from_db()
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(hint)
        except Exception:  # noqa: BLE001 - a hint that is no id is no hint
            return super()._get_session_from_db()
        alias = router.db_for_read(self.model)
        sql, fields = _session_and_user_sql(alias, self.model)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user_id, self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:  # as Django's store: no such session (signed out, expired), a new one will be made
            self._session_key = None
            return None
        if row[1]:
            self.prefetched_user = user_model.from_db(alias, fields, row[2:])
        return _Row(row[0])

    def load(self):
        data = super().load()
        user_id = data.get(SESSION_KEY)
        if self.prefetched_user is not None and str(self.prefetched_user.pk) != user_id:
            self.prefetched_user = None  # the hint was stale: Django's look-up decides
        _remember(self.session_key, user_id)
        return data

    def save(self, must_create=False):
        """Saved at sign-in with its user: this process's next read of it is already one statement."""
        super().save(must_create=must_create)
        _remember(self.session_key, getattr(self, "_session_cache", {}).get(SESSION_KEY))


def _remember(session_key: str | None, user_id) -> None:
    if session_key and isinstance(user_id, str):
        if len(_USER_HINTS) >= MAX_HINTS:
            _USER_HINTS.clear()
        _USER_HINTS[session_key] = user_id


def get_user(request):
    """django.contrib.auth.get_user, without its user look-up when the session's statement read the user."""
    session = request.session
    user_id, backend_path = session.get(SESSION_KEY), session.get(BACKEND_SESSION_KEY)
    session_hash = session.get(HASH_SESSION_KEY)
    user = getattr(session, "prefetched_user", None)
    if (
        user is not None
        and backend_path == MODEL_BACKEND
        and backend_path in settings.AUTHENTICATION_BACKENDS
        and str(user.pk) == user_id
        and ModelBackend().user_can_authenticate(user)
        and session_hash
        and constant_time_compare(session_hash, user.get_session_auth_hash())
    ):
        return user
    return auth.get_user(request)


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)  # its checks; then the lazy user reads the prefetched one
        request.user = SimpleLazyObject(lambda: _cached_user(request))
        request.auser = partial(auser, request)
