"""One 32-bit hash per shingle (`size` characters starting at each position, digits read as 0).

A polynomial over the code points, mixed (murmur3's finaliser) and cut to its upper 32 bits; never 0
(0 marks "no counted shingle" in a fingerprint). Two implementations give the same values: numpy's,
vectorised (about ten times faster than hashing each shingle with zlib.crc32, which made fingerprints
the larger part of copy detection's cost in an audit), and plain Python's for an install without
numpy (numpy comes with the copies extra).
"""

from __future__ import annotations

_DIGITS = str.maketrans("123456789", "000000000")
BASE = 0x100000001B3
MIX = 0xFF51AFD7ED558CCD
MASK = (1 << 64) - 1


def shingle_hashes(text: str, size: int):
    """The hashes of text's shingles, one per position 0 … len(text) - size (a numpy uint32 array, or a list)."""
    try:
        import numpy as np
    except ImportError:
        return _python(text.translate(_DIGITS), size)
    count = len(text) - size + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint32)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    # digits 1-9 read as 0 here rather than by str.translate, which alone cost more than all the hashing
    codes = np.where(codes - np.uint32(0x31) <= np.uint32(8), np.uint32(0x30), codes).astype(np.uint64)
    value = _polynomial(np, codes, size)[:count]
    value ^= value >> np.uint64(33)
    value *= np.uint64(MIX)
    value ^= value >> np.uint64(33)
    result = (value >> np.uint64(32)).astype(np.uint32)
    result[result == 0] = 1
    return result


def _polynomial(np, codes, size: int):
    """sum(codes[i + k] * BASE ** (size - 1 - k)) mod 2**64 for each i, by doubling: windows of 2, 4, 8 …
    characters joined (uint64 arithmetic wraps, as MASK does), a few passes over the text instead of `size`."""
    widths = {1: codes}
    width = 1
    while width * 2 <= size:
        part = widths[width]
        widths[width * 2] = part[:-width] * np.uint64(pow(BASE, width, 1 << 64)) + part[width:]
        width *= 2
    value = widths[width]
    for step in sorted(widths, reverse=True):  # the rest of `size` from the powers of two already made
        if width + step <= size:
            value = value[: len(value) - step] * np.uint64(pow(BASE, step, 1 << 64)) + widths[step][width:]
            width += step
    return value


def _python(text: str, size: int) -> list[int]:
    codes = [ord(char) for char in text]
    found = []
    for start in range(len(codes) - size + 1):
        value = 0
        for code in codes[start : start + size]:
            value = (value * BASE + code) & MASK
        value ^= value >> 33
        value = (value * MIX) & MASK
        value ^= value >> 33
        found.append((value >> 32) or 1)
    return found
