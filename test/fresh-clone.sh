#!/usr/bin/env bash
# Clones this repository (its last commit) into a temporary folder and runs, in order and as written,
# every command of the README's ```sh blocks there, as a newcomer would. Not part of `bun run test`.
#
#   test/fresh-clone.sh [--quick] [--keep]
#
# --quick  `bun run test` runs one file instead of the whole suite (15 minutes or more), and the
#          benchmarks (2.5 minutes of full load) are left out; everything else runs.
# --keep   leaves the temporary folder for a look afterwards.
#
# As written, except where a command cannot run here as is: `bun run dev` runs in the background,
# is typed `plug 1` once the station has booted, and gets Ctrl-C (SIGINT) once connector 1 is
# Preparing; the on-station commands run as root would (install, config init/check) write under a
# temporary root instead of /usr/local/bin, /etc and /var/lib; `$EDITOR` and `systemctl` are
# skipped; a `bun` installed on this machine is kept out of PATH; the installed arm64 executable runs under qemu-aarch64 on a machine of another kind (as
# the arm64 smoke test runs it). The shared/ folder beside the repository is linked beside the
# clone, as CI has it.
# Prints one line per command and closes with "fresh clone: N passed, N failed, N skipped".
set -uo pipefail

quick=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --keep) keep=true ;;
    *) echo "usage: $0 [--quick] [--keep]" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/csc22b7-fresh-clone.XXXXXX)"
clone="$work/csc22b7"
station_root="$work/station-root"
logs="$work/logs"
mkdir -p "$logs" "$station_root/usr/local/bin" "$station_root/etc" "$station_root/var/lib"
$keep || trap 'rm -rf "$work"' EXIT

git clone --quiet "$repo" "$clone" || { echo "fresh clone: git clone failed"; exit 1; }
# A newcomer has no Bun: a `bun` already installed here is kept out of PATH, so only the README's way to it works.
PATH="$(printf '%s' "$PATH" | tr ':' '\n' | while read -r dir; do [ -x "$dir/bun" ] || printf '%s:' "$dir"; done)"
PATH="${PATH%:}"
command -v bun >/dev/null && { echo "fresh clone: bun is still on PATH ($(command -v bun))"; exit 1; }
# On the station /usr/local/bin is on PATH; here the temporary root's is, through qemu off arm64.
mkdir -p "$work/bin"
if [ "$(uname -m)" = aarch64 ]; then
  ln -s "$station_root/usr/local/bin/csc22b7" "$work/bin/csc22b7"
else
  printf '#!/bin/sh\nexec qemu-aarch64 -L /usr/aarch64-linux-gnu "%s" "$@"\n' "$station_root/usr/local/bin/csc22b7" >"$work/bin/csc22b7"
  chmod +x "$work/bin/csc22b7"
fi
[ -d "$repo/../shared" ] && ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"
echo "fresh clone of $(git -C "$clone" rev-parse --short HEAD) in $clone"

# The commands, in README order: every line of every ```sh block, comments and blank lines aside.
mapfile -t commands < <(awk '/^```sh$/ { inside = 1; next } /^```/ { inside = 0 } inside' "$clone/README.md" \
  | sed -e 's/[[:space:]]*#.*$//' -e 's/[[:space:]]*$//' | grep -v '^$')

passed=0 failed=0 skipped=0 n=0

report() { # status, command, seconds, log
  printf '%-4s %5ss  %s%s\n' "$1" "$3" "$2" "${4:+   (log: $4)}"
  case "$1" in PASS) passed=$((passed + 1)) ;; FAIL) failed=$((failed + 1)) ;; SKIP) skipped=$((skipped + 1)) ;; esac
}

# A command in a login-like shell of its own, in the clone, with the aliases the README defined so far.
run_shell() { # command, timeout in seconds, log
  PATH="$work/bin:$PATH" timeout --kill-after=10 "$2" bash -c "shopt -s expand_aliases; cd '$clone'; $aliases
$1" >>"$3" 2>&1
}

# `bun run dev`: start, wait for the boot, type `plug 1`, wait for Preparing, Ctrl-C, expect exit 0.
run_dev() { # command, log
  local fifo="$work/dev-stdin" pid status=0
  rm -f "$fifo" && mkfifo "$fifo"
  setsid bash -c "shopt -s expand_aliases; cd '$clone'; $aliases
$1" <"$fifo" >>"$2" 2>&1 &
  pid=$!
  exec 9>"$fifo"
  wait_for_line '"StatusNotification",{"connectorId":2,"status":"Available"' "$2" 300 || status=1
  [ $status = 0 ] && { echo "plug 1" >&9; wait_for_line '"connectorId":1,"status":"Preparing"' "$2" 30 || status=1; }
  kill -INT -- "-$pid" 2>/dev/null
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid"; status=1; }
  # npx and `bun run` end by the interrupt themselves (130), as in a terminal; the station must stop cleanly.
  wait "$pid"
  case $? in 0 | 130) ;; *) status=1 ;; esac
  exec 9>&-
  grep -q 'INFO  station: stopped' "$2" || status=1
  return $status
}

wait_for_line() { # text, file, seconds
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do grep -qF -- "$1" "$2" && return 0; sleep 1; done
  return 1
}

aliases=""
for command in "${commands[@]}"; do
  n=$((n + 1))
  log="$logs/$(printf '%02d' $n).log"
  start=$SECONDS
  if [[ "$command" == alias\ * ]]; then
    aliases+="$command"$'\n'
    report PASS "$command" 0
    continue
  fi
  if [[ "$command" == *'$EDITOR'* || "$command" == systemctl* ]]; then
    report SKIP "$command" 0 && continue
  fi
  if $quick && [[ "$command" == "bun test/bench/"* ]]; then
    report SKIP "$command  (--quick)" 0 && continue
  fi
  as_run="$command"
  # The station's own paths, under a temporary root (the commands are the ones run as root on a station).
  as_run="${as_run//\/usr\/local\/bin/$station_root/usr/local/bin}"
  as_run="${as_run//\/etc\/csc22b7/$station_root/etc/csc22b7}"
  as_run="${as_run//\/var\/lib\/csc22b7/$station_root/var/lib/csc22b7}"
  if [[ "$command" == "bun run dev" ]]; then
    run_dev "$as_run" "$log" && status=PASS || status=FAIL
    report $status "$command  (booted, plug 1, Preparing, Ctrl-C)" $((SECONDS - start)) "$log"
    continue
  fi
  note=""
  if $quick && [[ "$command" == "bun run test" ]]; then
    as_run="bun run test test/unit/layers.test.ts" note="  (--quick: $as_run)"
  fi
  [[ "$as_run" != "$command" && -z "$note" ]] && note="  (as: $as_run)"
  run_shell "$as_run" 3600 "$log" && status=PASS || status=FAIL
  report $status "$command$note" $((SECONDS - start)) "$log"
done

echo "fresh clone: $passed passed, $failed failed, $skipped skipped"
$keep && echo "kept: $work"
[ $failed = 0 ]
