#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the binary KeyValues fixtures of tests/data/vdf/ (run from that folder).

Binary KeyValues, as in Steam's userdata/<id>/config/shortcuts.vdf: a sequence of entries,
each a type byte, a NUL-terminated key, then a payload:
  0x00 section  payload: entries, then 0x08
  0x01 string   payload: NUL-terminated bytes
  0x02 int32    payload: 4 bytes little-endian (appid, IsHidden, LastPlayTime, ...)
  0x03 float32  payload: 4 bytes IEEE-754 little-endian
  0x07 uint64   payload: 8 bytes little-endian
  0x08 end of the current section (the file ends with 0x08 0x08: "shortcuts", then the top)
Files:
  shortcuts.vdf            two non-Steam games as Steam writes them
  shortcuts_types.vdf      float32, uint64, int64 (0x0a) and a negative int32
  shortcuts_truncated.vdf  shortcuts.vdf cut in the middle of a string (a parse error)
"""
import struct


def s(key, val):
    return b'\x01' + key.encode() + b'\0' + val.encode() + b'\0'


def i32(key, val):
    return b'\x02' + key.encode() + b'\0' + struct.pack('<i', val)


def sec(key, *entries):
    return b'\x00' + key.encode() + b'\0' + b''.join(entries) + b'\x08'


def shortcut(idx, appid, name, exe, startdir, opts, tags, last_play):
    return sec(str(idx),
               i32('appid', appid), s('AppName', name), s('Exe', exe), s('StartDir', startdir),
               s('icon', ''), s('ShortcutPath', ''), s('LaunchOptions', opts),
               i32('IsHidden', 0), i32('AllowDesktopConfig', 1), i32('AllowOverlay', 1),
               i32('OpenVR', 0), i32('Devkit', 0), s('DevkitGameID', ''),
               i32('DevkitOverrideAppID', 0), i32('LastPlayTime', last_play),
               s('FlatpakAppID', ''),
               sec('tags', *[s(str(n), t) for n, t in enumerate(tags)]))


shortcuts = sec('shortcuts',
                shortcut(0, -1164954582, 'Heroic Games Launcher',
                         '"/usr/bin/heroic"', '"/usr/bin/"', '', ['favorite'], 1717611000),
                shortcut(1, -2015238127, 'Celeste (itch)',
                         '"/home/deck/Games/Celeste/Celeste"', '"/home/deck/Games/Celeste/"',
                         'MVGAL_FPS=60 %command%', ['Platformer', 'itch.io'], 0)) + b'\x08'

types = sec('types',
            b'\x03' + b'scale\0' + struct.pack('<f', 1.5),
            b'\x07' + b'steamid\0' + struct.pack('<Q', 76561198012345678),
            b'\x0a' + b'offset\0' + struct.pack('<q', -42),
            i32('negative', -7)) + b'\x08'

with open('shortcuts.vdf', 'wb') as f:
    f.write(shortcuts)
with open('shortcuts_types.vdf', 'wb') as f:
    f.write(types)
with open('shortcuts_truncated.vdf', 'wb') as f:
    f.write(shortcuts[:shortcuts.index(b'Celeste (itch)') + 4])
