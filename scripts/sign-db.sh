#!/bin/sh
# SPDX-License-Identifier: MIT
# Signs compat DBs for `mvgal-launch db update`: writes DB.sig, the detached Ed25519 signature
# of DB's exact bytes (64 raw bytes, `openssl pkeyutl -sign -rawin`), next to each DB, then
# verifies it with the public key the program ships, so a DB signed with the wrong key is
# never published. Publish DB and DB.sig side by side: the program fetches <URL> and <URL>.sig.
#
#   scripts/sign-db.sh [--key PRIVATE.pem] [--pub PUBLIC.pem] DB...
#
# --key: the private key (default $MVGAL_DB_SIGNING_KEY). It is kept by the maintainers,
#        outside the repository, readable by its owner only; never commit it.
# --pub: the public key to check against (default compat/data/db-signing-key.pem, the one
#        compiled into compat/update.c). Tests pass their throw-away key pair here.
# Raise the DB's "serial = YYYYMMDDNN" before signing: the program refuses a serial that is
# not newer than the DB in use, or dated after tomorrow.
# A new project key pair (only when the old one is lost or leaked; every installed program
# keeps trusting the old public key until it is updated):
#   openssl genpkey -algorithm ed25519 -out PRIVATE.pem
#   openssl pkey -in PRIVATE.pem -pubout -out compat/data/db-signing-key.pem
#   openssl pkey -pubin -in compat/data/db-signing-key.pem -outform DER | tail -c 32 | od -An -tx1
#   (the last command prints the 32 bytes for db_public_key in compat/update.c)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
key=${MVGAL_DB_SIGNING_KEY:-}
pub=$top/compat/data/db-signing-key.pem

die() {
	echo "sign-db: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--key) [ $# -ge 2 ] || die "--key needs a file"; key=$2; shift 2 ;;
	--key=*) key=${1#--key=}; shift ;;
	--pub) [ $# -ge 2 ] || die "--pub needs a file"; pub=$2; shift 2 ;;
	--pub=*) pub=${1#--pub=}; shift ;;
	--) shift; break ;;
	-*) die "unknown option $1 (usage: sign-db.sh [--key PRIVATE.pem] [--pub PUBLIC.pem] DB...)" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "usage: sign-db.sh [--key PRIVATE.pem] [--pub PUBLIC.pem] DB..."
[ -n "$key" ] || die "no private key: pass --key PRIVATE.pem or set MVGAL_DB_SIGNING_KEY"
[ -r "$key" ] || die "cannot read the private key $key"
[ -r "$pub" ] || die "cannot read the public key $pub"
command -v openssl >/dev/null 2>&1 || die "openssl not found (Debian package openssl)"

for db in "$@"; do
	[ -f "$db" ] || die "$db: no such file"
	grep -q '^\[mvgal-db\]' "$db" || die "$db: not a compat DB (no [mvgal-db] header)"
	rm -f "$db.sig"
	openssl pkeyutl -sign -rawin -inkey "$key" -in "$db" -out "$db.sig.tmp" ||
		{ rm -f "$db.sig.tmp"; die "$db: openssl could not sign (is $key an Ed25519 key?)"; }
	if ! openssl pkeyutl -verify -rawin -pubin -inkey "$pub" -in "$db" \
		-sigfile "$db.sig.tmp" >/dev/null 2>&1; then
		rm -f "$db.sig.tmp"
		die "$db: the signature does not verify with $pub: $key is not the matching private key"
	fi
	mv "$db.sig.tmp" "$db.sig"
	echo "signed $db -> $db.sig"
done
