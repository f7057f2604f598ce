"""Minimal pure-Python reader for Qt binary resource bundles (``.rcc``).

Layout of a ``.rcc`` file (Qt's ``rcc --binary`` output, versions 1-3)::

    header : b"qres", version, tree offset, data offset, names offset
             (+ flags in version 3); all big-endian uint32
    tree   : fixed-size nodes, node 0 is the root directory
             name offset (u32), flags (u16), then
               directory: child count (u32), first child index (u32)
               file     : country (u16), language (u16), data offset (u32)
             version >= 2 adds a u64 last-modified time to every node
    names  : u16 length, u32 hash, UTF-16BE characters
    data   : u32 length + bytes; flag 1 = zlib with a 4-byte big-endian
             uncompressed-size prefix, flag 4 = zstd (not supported here)

Usage::

    from rcc import RccFile
    rcc = RccFile("categorization.rcc")
    for path in rcc.list():
        print(path)
    data = rcc.read("/gcompris/src/activities/.../README")

Run as a script to list a bundle: ``python tools/rcc.py bundle.rcc``.
"""

import struct
import sys
import zlib

COMPRESSED = 0x1
DIRECTORY = 0x2
COMPRESSED_ZSTD = 0x4


class RccFile:
    """Read-only view of a Qt ``.rcc`` resource bundle."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.buf = f.read()
        if self.buf[:4] != b"qres":
            raise ValueError(f"{path}: not a Qt rcc file (no 'qres' magic)")
        self.version, self.tree, self.data, self.names = struct.unpack_from(">4I", self.buf, 4)
        if self.version not in (1, 2, 3):
            raise ValueError(f"{path}: unsupported rcc version {self.version}")
        self.node_size = 14 if self.version == 1 else 22
        self._files = {}  # path -> (flags, data offset)
        self._walk(0, "")

    def _name(self, offset):
        pos = self.names + offset
        (length,) = struct.unpack_from(">H", self.buf, pos)
        return self.buf[pos + 6 : pos + 6 + 2 * length].decode("utf-16-be")

    def _walk(self, index, prefix):
        pos = self.tree + index * self.node_size
        name_off, flags = struct.unpack_from(">IH", self.buf, pos)
        name = "" if index == 0 else self._name(name_off)
        path = prefix + "/" + name if index else ""
        if flags & DIRECTORY:
            count, first = struct.unpack_from(">II", self.buf, pos + 6)
            for child in range(first, first + count):
                self._walk(child, path)
        else:
            (data_off,) = struct.unpack_from(">I", self.buf, pos + 10)
            self._files[path] = (flags, data_off)

    def list(self):
        """Return every file path in the bundle (e.g. ``/gcompris/src/...``), in tree order."""
        return list(self._files)

    def flags(self, path):
        return self._files[path][0]

    def read(self, path):
        """Return the (decompressed) bytes of the file at ``path``."""
        flags, off = self._files[path]
        pos = self.data + off
        (length,) = struct.unpack_from(">I", self.buf, pos)
        raw = self.buf[pos + 4 : pos + 4 + length]
        if flags & COMPRESSED_ZSTD:
            raise NotImplementedError(f"{path}: zstd-compressed entry (flag 4) not supported")
        if flags & COMPRESSED:
            (size,) = struct.unpack(">I", raw[:4])
            out = zlib.decompress(raw[4:])
            if len(out) != size:
                raise ValueError(f"{path}: expected {size} bytes, got {len(out)}")
            return out
        return raw


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        rcc = RccFile(arg)
        for p in rcc.list():
            print(p)
