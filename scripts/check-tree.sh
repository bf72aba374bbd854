#!/usr/bin/env bash
# Guards "no set-up or test command changes a tracked file":
#   check-tree.sh snapshot FILE   records `git status --porcelain` of the work tree in FILE
#   check-tree.sh compare FILE    exits 1, printing the paths, when the status differs from FILE's
# A clean clone snapshots an empty status, so any change or new untracked (not ignored) file fails.
# Works on the git work tree of the current directory; outside one, both modes do nothing (an unpacked
# tarball has no tree to keep clean).
set -euo pipefail
mode="${1:?usage: check-tree.sh snapshot|compare FILE}"
file="${2:?usage: check-tree.sh snapshot|compare FILE}"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then exit 0; fi
status() { git status --porcelain --untracked-files=all; }
case "$mode" in
  snapshot) status >"$file" ;;
  compare)
    now="$(status)"
    before="$(cat "$file")"
    if [ "$now" != "$before" ]; then
      echo "ci: the run changed the work tree (set-up and tests must leave tracked files alone; outputs go to gitignored or temp dirs):"
      # Status lines new since the snapshot (a file changed before and again since shows no new line).
      printf '%s\n' "$now" | grep -vxF -f <(printf '%s\n' "$before") | grep -v '^$' | sed 's/^/ci:   /' || true
      exit 1
    fi
    if [ -n "$now" ]; then echo "ci: work tree unchanged by the run (it had local changes before it started)"
    else echo "ci: work tree clean after the run"; fi
    ;;
  *) echo "check-tree.sh: unknown mode $mode" >&2; exit 2 ;;
esac
