"""Queuing background work without letting a broker outage reach the request.

Every task is queued from a durable record (an import job, a report, a delivery) after the transaction that wrote
the record commits. If the broker cannot be reached the record simply stays waiting and the app's sweep queues it
again later; the request answers at once. Short broker timeouts and no publish retries (settings) keep a failed
attempt to a fraction of a second.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """Queue ``task(*args)`` once, without retrying; False (logged, never raised) when the broker is unreachable."""
    try:
        task.apply_async(args, retry=False)
    except Exception as error:  # kombu, redis and socket errors alike: the sweep is the retry
        logger.warning("%s%r not queued (%s); its sweep will queue it", task.name, args, type(error).__name__)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` after the current transaction commits; a broker outage never fails the request."""
    transaction.on_commit(partial(enqueue, task, *args), robust=True)
