#!/bin/sh
# Git pre-commit hook: audits the staged versions of the Kubernetes manifests being committed with kubeharden,
# and refuses the commit when a finding is HIGH or CRITICAL.
# Install: cp examples/ci/pre-commit.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# Manifest directories: KUBEHARDEN_DIRS (default "dist manifests"). Skip once with `git commit --no-verify`.
set -eu

dirs=${KUBEHARDEN_DIRS:-dist manifests}
staged=$(mktemp -d)
trap 'rm -rf "$staged"' EXIT

set --
# shellcheck disable=SC2086 # the directories are split on purpose
for file in $(git diff --cached --name-only --diff-filter=ACMR -- $dirs); do
  case "$file" in
    *.yaml | *.yml | *.json)
      git checkout-index --prefix="$staged/" -- "$file"
      set -- "$@" "$staged/$file"
      ;;
  esac
done

[ "$#" -eq 0 ] && exit 0

if ! npx --no-install kubeharden audit "$@" --fail-on high; then
  echo "kubeharden: the commit is refused; fix the findings above, or justify them in a kubeharden.io/overrides annotation." >&2
  exit 1
fi
