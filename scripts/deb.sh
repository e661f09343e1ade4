#!/bin/sh
# SPDX-License-Identifier: MIT
# make deb: the Debian packages (debian/) of the current tree, into $O/deb/. The tree is copied
# as it is now (tracked files, with their uncommitted changes, and untracked files git does not
# ignore) to $O/deb/src/, where `dpkg-buildpackage -us -uc -b` builds it; the .deb, .buildinfo
# and .changes files are moved to $O/deb/ and the copy is removed. Building from a copy keeps
# dpkg-buildpackage's clean step and its ../*.deb away from this checkout.
#   O=build sh scripts/deb.sh        (JOBS=N: parallel jobs, default 2)
set -eu
O=${O:-build}
case "$O" in /*) out=$O/deb ;; *) out=$(pwd)/$O/deb ;; esac
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "mvgal: make deb copies the files git knows; outside a git checkout run" \
		"dpkg-buildpackage -us -uc -b in the source folder" >&2
	exit 1
fi
version=$(dpkg-parsechangelog -S Version)
src=$out/src/mvgal-launch-$version
rm -rf "$out"
mkdir -p "$src"
# a file deleted but not yet `git rm`ed is listed by --cached: skip it (tar says so)
git ls-files -z --cached --others --exclude-standard |
	tar --null -T - --ignore-failed-read -cf - | tar -xf - -C "$src"
log=$out/build.log
echo "  DEB     $out (dpkg-buildpackage log: $log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b -J"${JOBS:-2}") >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "mvgal: dpkg-buildpackage failed; the whole log is $log" >&2
	exit 1
fi
mv "$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes "$out"/
rm -rf "$out/src"
ls "$out"/*.deb
