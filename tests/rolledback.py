"""Records a whole test module reads, built once and rolled back after the module's last test.

Building the demo or the matrix's world for every test would cost seconds a test. Built once inside a transaction
that stays open for the module, each test runs in a savepoint of it (pytest-django's ``db``), so whatever a test
writes is gone at its end and every test starts from the records as built.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def rolled_back_after_module(django_db_blocker, build):
    """Call ``build()`` in a transaction, give its result to the module's tests, roll everything back at the end.

    The build's foreign keys are checked at once, at the top level of the transaction, where PostgreSQL fires the
    deferred checks and forgets them; left pending, the constraint check that closes every test (inside its
    savepoint) would walk the whole build's queue again, milliseconds a test.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
            connection.check_constraints()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
