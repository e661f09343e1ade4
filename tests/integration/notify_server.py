# SPDX-License-Identifier: MIT
# A stand-in for the desktop's notification service (Desktop Notifications Specification 1.2:
# org.freedesktop.Notifications on the session bus, the interface GNOME Shell, KDE Plasma, dunst
# and mako serve). It records each Notify call as one JSON line in RECORD and touches READY once
# it owns the name. Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-glib-2.0).
#   notify_server.py RECORD READY   (DBUS_SESSION_BUS_ADDRESS names the bus)
import json
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
  </interface>
</node>
"""

record, ready = sys.argv[1], sys.argv[2]
count = 0


def on_call(conn, sender, path, iface, method, params, inv):
    global count
    if method == "Notify":
        app, _replaces, icon, summary, body, _actions, hints, timeout = params.unpack()
        count += 1
        with open(record, "a", encoding="utf-8") as f:
            f.write(json.dumps({"app": app, "icon": icon, "summary": summary, "body": body,
                                "urgency": hints.get("urgency"), "timeout": timeout}) + "\n")
        inv.return_value(GLib.Variant("(u)", (count,)))
    elif method == "GetCapabilities":
        inv.return_value(GLib.Variant("(as)", (["body", "body-markup"],)))
    elif method == "GetServerInformation":
        inv.return_value(GLib.Variant("(ssss)", ("stand-in", "mvgal tests", "1", "1.2")))
    else:
        inv.return_value(None)


def on_bus(conn, name):
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    conn.register_object("/org/freedesktop/Notifications", info, on_call, None, None)


def on_name(conn, name):
    open(ready, "w").close()


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications",
                 Gio.BusNameOwnerFlags.NONE, on_bus, on_name, lambda c, n: sys.exit(1))
GLib.MainLoop().run()
