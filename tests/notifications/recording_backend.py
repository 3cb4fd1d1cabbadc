"""A text-message backend for tests with real worker processes: each send appends one line to a shared file
(``RECORDING_BACKEND_FILE``), so sends by several processes can be counted afterwards."""

import os
import time


class FileRecordingBackend:
    def send_text(self, *, channel: str, to: str, text: str) -> str:
        time.sleep(0.01)  # a gateway round trip: both workers are busy at the same time
        line = f"{text}\t{os.getpid()}\n".encode()
        # O_APPEND: whole lines from several processes never interleave.
        descriptor = os.open(os.environ["RECORDING_BACKEND_FILE"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
        return f"file-{os.getpid()}"
