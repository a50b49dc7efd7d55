"""Byte strings by position, kept in an unnamed temporary file rather than in memory.

A batch's records, output pieces and fingerprints go here as they arrive, so the client of a batch of
a hundred thousand reports holds only two integers per position. The file is unlinked when it is
created: nothing is left behind, even when the run is killed. Writing a position again replaces it
(the old bytes stay in the file, unread), which is how the copy pass rewrites the few reports it flags.
"""

from __future__ import annotations

import os
import tempfile
from array import array


class Spool:
    def __init__(self, size: int) -> None:
        self._file = tempfile.TemporaryFile(prefix="fzcheck-")
        self._fd = self._file.fileno()
        self._end = 0
        self._offsets = array("q", [-1]) * size
        self._lengths = array("q", [0]) * size

    def __setitem__(self, position: int, data: bytes) -> None:
        written = 0
        while written < len(data):
            written += os.pwrite(self._fd, data[written:] if written else data, self._end + written)
        self._offsets[position] = self._end
        self._lengths[position] = len(data)
        self._end += len(data)

    def __getitem__(self, position: int) -> bytes:
        offset = self._offsets[position]
        if offset < 0:
            raise KeyError(position)
        length = self._lengths[position]
        data = os.pread(self._fd, length, offset)
        while len(data) < length:  # a short read is legal for pread
            data += os.pread(self._fd, length - len(data), offset + len(data))
        return data

    def __contains__(self, position: int) -> bool:
        return 0 <= position < len(self._offsets) and self._offsets[position] >= 0

    def __len__(self) -> int:
        return len(self._offsets)

    @property
    def size_on_disk(self) -> int:
        return self._end

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *_) -> None:
        self.close()
