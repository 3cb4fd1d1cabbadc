"""SMS and WhatsApp: a small backend interface, so a provider (an SMS gateway, the WhatsApp Business API) plugs in
through a setting without touching the pipeline.

A backend is a class with a no-argument constructor and one method::

    class MyGatewayBackend:
        def send_text(self, *, channel: str, to: str, text: str) -> str:
            '''Send ``text`` to the phone number ``to`` over ``channel`` ("sms" or "whatsapp").

            Return the provider's message id. Raise ``channels.PermanentError`` when retrying cannot help
            (an invalid number); any other exception is retried with exponential backoff.
            '''

Select it with ``NOTIFICATION_SMS_BACKEND`` / ``NOTIFICATION_WHATSAPP_BACKEND`` (dotted paths). The default,
``ConsoleTextBackend``, writes the message to standard output, like Django's console email backend.
"""

import itertools
import sys
import threading
from typing import Protocol


class TextMessageBackend(Protocol):
    def send_text(self, *, channel: str, to: str, text: str) -> str: ...


def masked(number: str) -> str:
    """A phone number with its middle hidden, so console output does not spread whole numbers."""
    return number if len(number) <= 6 else f"{number[:4]}{'*' * (len(number) - 7)}{number[-3:]}"


class ConsoleTextBackend:
    """Development backend: prints each SMS or WhatsApp message instead of sending it."""

    _counter = itertools.count(1)
    _lock = threading.Lock()

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_text(self, *, channel: str, to: str, text: str) -> str:
        with self._lock:
            reference = f"console-{next(self._counter)}"
            self.stream.write(f"[{channel}] to {masked(to)}: {text}\n")
            self.stream.flush()
        return reference


class MemoryTextBackend:
    """Test backend: keeps the messages in ``MemoryTextBackend.outbox``."""

    outbox: list[dict] = []

    def send_text(self, *, channel: str, to: str, text: str) -> str:
        self.outbox.append({"channel": channel, "to": to, "text": text})
        return f"memory-{len(self.outbox)}"
