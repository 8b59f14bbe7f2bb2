"""Which database errors are outages (retry later) and which are defects (retry repeats them).

Every layer that decides between "503, retry shortly" and "this submission failed" asks
here, so the API, the ingest batcher and the workers draw the line in one place.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

# 25006 read_only_sql_transaction: a standby answering writes after a failover. psycopg
# files it under InternalError, yet it passes like a lost connection does.
_OUTAGE_SQLSTATES = frozenset({"25006"})


def is_outage(exc: BaseException) -> bool:
    """True for a refused, lost, exhausted, locked or read-only database; False for an error
    the statement or its values caused (DataError, ProgrammingError, IntegrityError...)."""
    if isinstance(exc, PoolTimeoutError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
        return True
    return getattr(exc.orig, "sqlstate", None) in _OUTAGE_SQLSTATES
