"""The command's stderr, with personal identifiers masked in everything written to it.

Error lines, usage errors, tracebacks printed under ``--debug``, progress lines and
warnings all reach the terminal or a CI log through ``sys.stderr``; while the command
runs it is wrapped so that each line passes dfgov's own detector first
(``dfgov._pii.redact_text``). Reports on stdout are masked where they are built.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from dfgov._pii import redact_text

__all__ = ["MaskedStream", "masked_stderr"]


class MaskedStream:
    """A text stream that writes whole lines (ended by ``\\n`` or ``\\r``) masked.

    An identifier never spans two lines, so masking line by line is complete; a line
    left open is written when the stream is flushed or closed.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        data = self._pending + text
        cut = max(data.rfind("\n"), data.rfind("\r")) + 1
        self._pending = data[cut:]
        if cut:
            self._stream.write(redact_text(data[:cut]))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(redact_text(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, buffer, ...
        return getattr(self._stream, name)


@contextmanager
def masked_stderr() -> Iterator[None]:
    """Mask identifiers in what is written to ``sys.stderr`` inside the block."""
    original = sys.stderr
    wrapped = MaskedStream(original)
    sys.stderr = wrapped
    try:
        yield
    finally:
        wrapped.flush()
        if sys.stderr is wrapped:
            sys.stderr = original
