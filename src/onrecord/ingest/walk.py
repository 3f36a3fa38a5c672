"""Finding input files: folders read recursively, and every failure given its true reason.

A folder that cannot be listed, a symbolic link that loops or leads nowhere, a file
that is not a regular file: each is a ``Problem`` saying so, where it was, instead of
being left out silently (or called "no such file", or a folder "holding no files").
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from onrecord.model import Problem

__all__ = ["os_reason", "path_problem", "walk_files"]


def os_reason(exc: OSError) -> str:
    """The reason an OS call failed, in words a user acts on."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return exc.strerror or str(exc)


def path_problem(path: Path) -> Problem | None:
    """Why ``path`` (named by the user) cannot be read at all, or None if it can be tried."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and path.is_symlink():
            return Problem(str(path), "broken symbolic link (it points to nothing)")
        return Problem(str(path), os_reason(exc))
    return None


def walk_files(folder: Path) -> Iterator[Path | Problem]:
    """Every non-hidden file under ``folder``, in path order, with a problem in its place
    for what could not be read. Symbolic links are followed, but a link back to a folder
    being read is reported as a loop rather than read for ever."""
    found: list[tuple[Path, Path | Problem]] = []
    _visit(folder, set(), found)
    found.sort(key=lambda entry: entry[0])
    for _, item in found:
        yield item


def _visit(
    folder: Path, ancestors: set[tuple[int, int]], found: list[tuple[Path, Path | Problem]]
) -> None:
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            found.append((folder, Problem(str(folder), "symbolic link loop (a link back to "
                                                        "a folder that contains it)")))  # fmt: skip
            return
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        found.append((folder, Problem(str(folder), f"cannot read folder: {os_reason(exc)}")))
        return
    inner = ancestors | {key}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            problem = path_problem(path) or Problem(str(path), os_reason(exc))
            found.append((path, problem))
            continue
        if stat.S_ISDIR(mode):
            _visit(path, inner, found)
        elif stat.S_ISREG(mode):
            found.append((path, path))
        else:
            found.append((path, Problem(str(path), "not a regular file (a device, pipe or "
                                                   "socket), not read")))  # fmt: skip
