#!/usr/bin/env bash
# Fails when `npm ci` would fail on a fresh clone of <dir> (default: the repository): the lockfile
# out of step with package.json. Works on copies of the two files, so it installs nothing and
# never rewrites package-lock.json. Used by .ci/run before any `npm install`.
set -euo pipefail
dir="${1:-$(dirname "$0")/..}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$dir/package.json" "$dir/package-lock.json" "$work/"
if ! (cd "$work" && npm ci --dry-run --ignore-scripts --no-audit --no-fund >"$work/npm-ci.log" 2>&1); then
  grep -i "npm error" "$work/npm-ci.log" | head -20 >&2 || true
  echo "package-lock.json is out of step with package.json: \`npm ci\` would fail on a fresh clone. Run \`npm install\` and commit package-lock.json." >&2
  exit 1
fi
