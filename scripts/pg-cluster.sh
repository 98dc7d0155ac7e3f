#!/bin/sh
# pg-cluster: a throwaway PostgreSQL cluster for tests, in a directory of its
# own. The server listens on 127.0.0.1 only, on a free port, with password
# (scram-sha-256) authentication over TCP and its unix socket inside DIR; the
# database collates bytewise (LC_COLLATE C) like SQLite. Run as root, the
# cluster belongs to the `postgres` OS user (initdb refuses root); otherwise
# to the current user.
#
#   pg-cluster.sh start DIR       create DIR, initdb, start, create role and
#                                 database svodka; prints the URL (also DIR/url)
#   pg-cluster.sh createdb DIR N  one more fresh database N owned by svodka;
#                                 prints its URL
#   pg-cluster.sh restart DIR     fast restart on the same port
#   pg-cluster.sh stop DIR        fast stop and remove DIR (no-op when absent)
#
# PGBIN overrides where initdb, pg_ctl and psql are looked for.
set -eu

prog=pg-cluster
marker=.svodka-pg-cluster

die() {
	echo "$prog: $*" >&2
	exit 1
}

usage() {
	echo "usage: $prog start DIR | stop DIR | restart DIR | createdb DIR NAME" >&2
	exit 2
}

find_bin() {
	if [ -n "${PGBIN:-}" ]; then
		[ -x "$PGBIN/initdb" ] || die "no initdb in PGBIN=$PGBIN"
		echo "$PGBIN"
		return
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ]; then
			echo "$d"
			return
		fi
	done
	d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
	[ -x "$d/initdb" ] || die "initdb not found; install postgresql or set PGBIN"
	echo "$d"
}

is_root() {
	[ "$(id -u)" -eq 0 ]
}

# Runs a command as the cluster's owner.
as_owner() {
	if is_root; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

owner_name() {
	if is_root; then
		echo postgres
	else
		id -un
	fi
}

random_hex() {
	od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# A port in 20000..59999 that nothing listens on right now.
pick_port() {
	while :; do
		p=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000))
		if command -v ss >/dev/null 2>&1; then
			[ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] && break
		else
			break
		fi
	done
	echo "$p"
}

# Absolute path of DIR (which need not exist yet).
abspath() {
	case "$1" in
	/*) echo "$1" ;;
	*) echo "$(pwd)/$1" ;;
	esac
}

psql_su() {
	as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$(cat "$dir/port")" -U "$(owner_name)" \
		-d postgres "$@"
}

check_cluster() {
	[ -f "$dir/$marker" ] || die "$dir is not a cluster made by $prog"
}

# A start that fails half-way leaves nothing behind.
undo_start() {
	status=$?
	if [ "$status" -ne 0 ] && [ -f "$dir/$marker" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
		rm -rf "$dir"
	fi
	exit "$status"
}

cmd_start() {
	[ -e "$dir" ] && die "$dir already exists; stop it first or choose another directory"
	parent=$(dirname "$dir")
	[ -d "$parent" ] || die "parent directory $parent does not exist"
	if is_root; then
		getent passwd postgres >/dev/null || die "no 'postgres' OS user to run the server as"
		runuser -u postgres -- test -x "$parent" ||
			die "the postgres user cannot traverse $parent (make it and its parents o+x, or use a directory under /tmp)"
	fi
	# The socket path must fit in sun_path (107 bytes).
	[ ${#dir} -le 80 ] || die "$dir is too long for a unix socket path; use a shorter directory"
	mkdir -m 700 "$dir"
	touch "$dir/$marker"
	trap undo_start EXIT
	if is_root; then
		chown postgres: "$dir"
	fi
	supw=$(random_hex)
	pw=$(random_hex)
	printf '%s\n' "$supw" >"$dir/superpw"
	chmod 600 "$dir/superpw"
	is_root && chown postgres: "$dir/superpw"
	if ! as_owner "$bin/initdb" -D "$dir/data" -U "$(owner_name)" --pwfile="$dir/superpw" \
		--auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --lc-collate=C \
		>"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		die "initdb failed (log above)"
	fi
	tries=0
	while :; do
		port=$(pick_port)
		echo "$port" >"$dir/port"
		cat >>"$dir/data/postgresql.conf" <<EOF
# $prog
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
password_encryption = 'scram-sha-256'
EOF
		if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ "$tries" -ge 5 ] || ! grep -q "could not bind\|could not create listen" "$dir/server.log"; then
			cat "$dir/server.log" >&2 2>/dev/null || true
			die "the server did not start (log above)"
		fi
	done
	psql_su -c "CREATE ROLE svodka LOGIN PASSWORD '$pw'" -c "CREATE DATABASE svodka OWNER svodka" ||
		die "could not create role and database svodka"
	printf '%s\n' "$pw" >"$dir/password"
	chmod 600 "$dir/password"
	url="postgres://svodka:$pw@127.0.0.1:$port/svodka"
	printf '%s\n' "$url" >"$dir/url"
	chmod 600 "$dir/url"
	trap - EXIT
	echo "$url"
}

cmd_stop() {
	[ -e "$dir" ] || return 0
	check_cluster
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ||
			die "pg_ctl stop failed; the server in $dir may still run"
	fi
	rm -rf "$dir"
}

cmd_restart() {
	[ -d "$dir" ] || die "$dir does not exist"
	check_cluster
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 30 restart >/dev/null ||
		die "pg_ctl restart failed (see $dir/server.log)"
}

cmd_createdb() {
	[ -d "$dir" ] || die "$dir does not exist"
	check_cluster
	case "$1" in
	'' | [!a-z_]* | *[!a-z0-9_]*) die "database name must match [a-z_][a-z0-9_]*: '$1'" ;;
	esac
	[ ${#1} -le 63 ] || die "database name longer than 63 bytes"
	psql_su -c "CREATE DATABASE $1 OWNER svodka" || die "could not create database $1"
	echo "postgres://svodka:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/$1"
}

[ $# -ge 2 ] || usage
cmd=$1
dir=$(abspath "$2")
dir=${dir%/}
bin=$(find_bin)
case "$cmd" in
start) [ $# -eq 2 ] || usage && cmd_start ;;
stop) [ $# -eq 2 ] || usage && cmd_stop ;;
restart) [ $# -eq 2 ] || usage && cmd_restart ;;
createdb) [ $# -eq 3 ] || usage && cmd_createdb "$3" ;;
*) usage ;;
esac
