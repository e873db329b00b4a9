"""Reading an evidence bundle someone else may have crafted: bounded, regular files only.

A bundle arrives from whoever holds it, so its reader assumes the worst:

- only **regular files** are read. A symbolic link, FIFO, socket or device —
  as a directory entry or as a zip member's type — is never opened (a FIFO
  would block forever, a link to ``/dev/zero`` would never end); files are
  opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked with ``fstat`` after
  opening, so swapping one in between the listing and the read does not help;
- the **number of members** is capped, and so is every read: the manifest
  and signature by fixed sizes, each member by the size the signed manifest
  states (or, for bundles written before sizes were recorded, by a total
  budget), so a 2 MB zip that expands to 2 GB costs no more than its signed
  content;
- zip members are hashed straight from the archive, never extracted to disk.

Nothing here decides whether a bundle verifies; :mod:`._evidence` does.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from dfgov._hashing import new_hasher
from dfgov.errors import InputFileError

__all__ = [
    "MAX_FILES",
    "MAX_MANIFEST_BYTES",
    "MAX_SIGNATURE_BYTES",
    "MAX_TOTAL_BYTES",
    "Source",
    "TooLarge",
    "open_source",
    "safe_member_name",
]

#: Default cap on the members of a bundle (files, directories and anything else).
MAX_FILES = 10_000
#: Default cap on the bytes read from members when the manifest states no sizes.
MAX_TOTAL_BYTES = 4 << 30
MAX_MANIFEST_BYTES = 16 << 20
MAX_SIGNATURE_BYTES = 64 << 10
_BLOCK = 1 << 20


class TooLarge(Exception):
    """A member holds more bytes than it may (internal signal, never raised to callers)."""


def safe_member_name(name: str) -> str | None:
    """``name`` as a relative POSIX path, or None when it could escape the bundle."""
    p = PurePosixPath(name)
    if not name or p.is_absolute() or "\\" in name or "\x00" in name \
            or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return p.as_posix()


class Source(Protocol):
    """A bundle to read: a directory or a zip archive."""

    #: Regular-file members by name.
    names: frozenset[str]
    #: Members that are not read: unsafe names, duplicates, links, pipes, devices.
    rejected: tuple[str, ...]
    #: Whether the listing stopped at the member cap.
    truncated: bool

    def read_small(self, name: str, limit: int) -> bytes | None:
        """The member's bytes if it is a regular file of at most ``limit`` bytes."""
        ...

    def digest(self, name: str, algorithm: str, limit: int) -> tuple[str, int]:
        """``(hex digest, size)`` of a member; :class:`TooLarge` past ``limit`` bytes."""
        ...

    def close(self) -> None:
        """Release the archive, if any."""
        ...


def _hash_stream(fh: IO[bytes], algorithm: str, limit: int) -> tuple[str, int]:
    h = new_hasher(algorithm)
    n = 0
    while block := fh.read(min(_BLOCK, limit - n + 1)):
        n += len(block)
        if n > limit:
            raise TooLarge
        h.update(block)
    return h.hexdigest(), n


@contextmanager
def _open_regular(path: Path) -> Iterator[IO[bytes] | None]:
    """The file opened for reading if it is a regular file (not followed if a link)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        yield None
        return
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            yield None
            return
    except OSError:
        os.close(fd)
        yield None
        return
    with os.fdopen(fd, "rb") as fh:
        yield fh


class DirectorySource:
    """A bundle directory, listed without following links."""

    def __init__(self, root: Path, max_files: int) -> None:
        self.root = root
        files: dict[str, Path] = {}
        rejected: list[str] = []
        seen = 0
        truncated = False
        stack: list[tuple[Path, str]] = [(root, "")]
        while stack and not truncated:
            folder, prefix = stack.pop()
            try:
                entries = os.scandir(folder)
            except OSError:
                rejected.append(prefix.rstrip("/") or ".")
                continue
            with entries:
                for entry in entries:
                    seen += 1
                    if seen > max_files:
                        truncated = True
                        break
                    name = prefix + entry.name
                    try:
                        if entry.is_symlink():
                            rejected.append(name)
                        elif entry.is_dir(follow_symlinks=False):
                            stack.append((Path(entry.path), name + "/"))
                        elif entry.is_file(follow_symlinks=False):
                            files[name] = Path(entry.path)
                        else:  # FIFO, socket, device
                            rejected.append(name)
                    except OSError:
                        rejected.append(name)
        self._files = files
        self.names = frozenset(files)
        self.rejected = tuple(sorted(rejected))
        self.truncated = truncated

    def read_small(self, name: str, limit: int) -> bytes | None:
        path = self._files.get(name)
        if path is None:
            return None
        with _open_regular(path) as fh:
            if fh is None:
                return None
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None

    def digest(self, name: str, algorithm: str, limit: int) -> tuple[str, int]:
        with _open_regular(self._files[name]) as fh:
            if fh is None:
                raise TooLarge  # replaced by something that is not a regular file
            return _hash_stream(fh, algorithm, limit)

    def close(self) -> None:
        """Nothing to release."""


class ZipSource:
    """A zipped bundle, read member by member straight from the archive."""

    def __init__(self, path: Path, max_files: int) -> None:
        self.path = path
        try:
            self._zf = zipfile.ZipFile(path)
            infos = self._zf.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise InputFileError(
                f"The zipped evidence bundle {str(path)!r} cannot be read: "
                f"{exc.__class__.__name__}."
            ) from None
        self.truncated = len(infos) > max_files
        members: dict[str, zipfile.ZipInfo] = {}
        rejected: list[str] = []
        for info in infos[:max_files]:
            mode = info.external_attr >> 16
            if info.is_dir() and not stat.S_ISLNK(mode):
                continue
            name = safe_member_name(info.filename)
            kind = stat.S_IFMT(mode)
            if name is None or name in members or (kind and kind != stat.S_IFREG):
                rejected.append(info.filename)  # unsafe name, duplicate, link or special file
                continue
            members[name] = info
        self._members = members
        self.names = frozenset(members)
        self.rejected = tuple(sorted(rejected))

    def _read(self, name: str, algorithm: str | None, limit: int) -> tuple[str, int, bytes]:
        info = self._members[name]
        if info.file_size > limit:
            raise TooLarge
        try:
            with self._zf.open(info) as fh:
                if algorithm is not None:
                    hx, n = _hash_stream(fh, algorithm, limit)
                    return hx, n, b""
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                NotImplementedError, ValueError):
            raise TooLarge from None  # unreadable member: treated like a changed one
        if len(data) > limit:
            raise TooLarge
        return "", len(data), data

    def read_small(self, name: str, limit: int) -> bytes | None:
        if name not in self._members:
            return None
        try:
            return self._read(name, None, limit)[2]
        except TooLarge:
            return None

    def digest(self, name: str, algorithm: str, limit: int) -> tuple[str, int]:
        hx, n, _ = self._read(name, algorithm, limit)
        return hx, n

    def close(self) -> None:
        """Close the archive."""
        self._zf.close()


def open_source(path: Path, max_files: int) -> DirectorySource | ZipSource:
    """The bundle at ``path`` (a directory or a zip file) as a :class:`Source`."""
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        return DirectorySource(path, max_files)
    if st is not None and stat.S_ISREG(st.st_mode) and zipfile.is_zipfile(path):
        return ZipSource(path, max_files)
    raise InputFileError(
        f"The evidence bundle {str(path)!r} is not a directory or a zip file."
    )
