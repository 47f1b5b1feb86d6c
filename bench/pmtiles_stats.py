#!/usr/bin/env python3
# Tile count, total and largest gzipped tile bytes inside a PMTiles v3 archive (read from the
# spec, independently of the writer): prints "tiles | bytes | largest" (run lengths expanded).
import gzip, struct, sys
data = open(sys.argv[1], "rb").read()
fields = struct.unpack_from("<11Q", data, 8)
root_off, root_len, _, _, leaf_off, _, data_off = fields[:7]
def varint(b, i):
    v = s = 0
    while True:
        x = b[i]; i += 1; v |= (x & 0x7F) << s; s += 7
        if x < 0x80: return v, i
def entries(raw):
    n, i = varint(raw, 0); ids, runs, lens, offs = [], [], [], []
    last = 0
    for _ in range(n): d, i = varint(raw, i); last += d; ids.append(last)
    for lst in (runs, lens):
        for _ in range(n): v, i = varint(raw, i); lst.append(v)
    for k in range(n):
        v, i = varint(raw, i)
        offs.append(offs[k - 1] + lens[k - 1] if v == 0 and k > 0 else v - 1)
    return zip(ids, offs, lens, runs)
sizes = []
def walk(raw):
    for tid, off, length, run in entries(raw):
        if run == 0: walk(gzip.decompress(data[leaf_off + off: leaf_off + off + length]))
        else: sizes.extend([length] * run)
walk(gzip.decompress(data[root_off: root_off + root_len]))
if len(sys.argv) > 2 and sys.argv[2] == "--plain":
    print(len(sizes), sum(sizes), max(sizes))
else:
    print(f"{len(sizes):,} | {sum(sizes):,} | {max(sizes):,}")
