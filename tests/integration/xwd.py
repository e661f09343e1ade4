#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Screenshots of the HUD tests: reads xwd's files (X Window Dump, the format of xwd from
x11-apps: a big-endian XWDFileHeader, the window name, the colormap, then the pixels) with
python3 alone, and compares or converts them.

    xwd.py diff A.xwd B.xwd X Y W H    pixels that differ between A and B in the rectangle
    xwd.py hud A.xwd X Y W H           pixels of the HUD's colours in the rectangle (its text,
                                       labels and graph bars: ingame/hud.c)
    xwd.py png A.xwd OUT.png [X Y W H] the picture (or a part of it) as a PNG
"""
import struct
import sys
import zlib

HEADER = (
    "header_size file_version format depth width height xoffset byte_order bitmap_unit "
    "bitmap_bit_order bitmap_pad bits_per_pixel bytes_per_line visual_class red_mask green_mask "
    "blue_mask bits_per_rgb colormap_entries ncolors window_width window_height window_x "
    "window_y window_bdrwidth"
).split()


def read(path):
    data = open(path, "rb").read()
    h = dict(zip(HEADER, struct.unpack_from(">25I", data, 0)))
    if h["file_version"] != 7 or h["format"] != 2 or h["bits_per_pixel"] not in (24, 32):
        sys.exit("xwd.py: %s: want a version 7 ZPixmap of 24 or 32 bits per pixel" % path)
    start = h["header_size"] + 12 * h["ncolors"]
    bpp = h["bits_per_pixel"] // 8
    order = "<" if h["byte_order"] == 0 else ">"
    masks = [h["red_mask"], h["green_mask"], h["blue_mask"]]
    shifts = [(m & -m).bit_length() - 1 for m in masks]
    pix = []
    for y in range(h["height"]):
        row = data[start + y * h["bytes_per_line"] : start + (y + 1) * h["bytes_per_line"]]
        line = []
        for x in range(h["width"]):
            b = row[x * bpp : x * bpp + bpp] + (b"\0" if bpp == 3 else b"")
            (v,) = struct.unpack(order + "I", b)
            line.append(tuple((v & m) >> s for m, s in zip(masks, shifts)))
        pix.append(line)
    return h["width"], h["height"], pix


def rect(w, h, args):
    x, y, rw, rh = (int(a) for a in args)
    return range(max(0, y), min(h, y + rh)), range(max(0, x), min(w, x + rw))


# ingame/hud.c's opaque colours (text, labels, graph bars): drawn with alpha 255, so exactly these
# whatever is below; glxgears', es2gears' and vkcube's pixels are never within 2 of them.
HUD_COLOURS = [(255, 236, 140), (140, 200, 255), (90, 230, 130), (255, 90, 90)]


def is_hud_colour(p):
    return any(all(abs(a - b) <= 2 for a, b in zip(p, c)) for c in HUD_COLOURS)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "diff":
        w, h, a = read(args[0])
        _, _, b = read(args[1])
        ys, xs = rect(w, h, args[2:6])
        print(sum(1 for y in ys for x in xs if a[y][x] != b[y][x]))
    elif cmd == "hud":
        w, h, a = read(args[0])
        ys, xs = rect(w, h, args[1:5])
        print(sum(1 for y in ys for x in xs if is_hud_colour(a[y][x])))
    elif cmd == "png":
        w, h, a = read(args[0])
        ys, xs = rect(w, h, args[2:6]) if len(args) >= 6 else (range(h), range(w))
        raw = b"".join(b"\0" + bytes(c for x in xs for c in a[y][x]) for y in ys)

        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

        ihdr = struct.pack(">IIBBBBB", len(xs), len(ys), 8, 2, 0, 0, 0)
        png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9))
        open(args[1], "wb").write(png + chunk(b"IEND", b""))
    else:
        sys.exit(__doc__)


main()
