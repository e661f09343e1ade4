#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# png_ink.py FILE.png: prints the number of pixels that are drawn on (alpha above 0 and not near
# white) in an 8-bit RGB or RGBA PNG, as rsvg-convert writes them. Used by test_report.sh to see
# whether any text of the SVG falls outside its 960 px width. Standard library only.
import struct
import sys
import zlib


def main(path):
    data = open(path, "rb").read()
    pos, idat, w, h, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                sys.exit("png_ink: only 8-bit RGB/RGBA")
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    bpp = 4 if ctype == 6 else 3
    stride = w * bpp
    prev = bytearray(stride)
    ink = 0
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            alpha = line[x + 3] if bpp == 4 else 255
            if alpha > 0 and min(line[x], line[x + 1], line[x + 2]) < 200:
                ink += 1
        prev = line
    print(ink)


main(sys.argv[1])
