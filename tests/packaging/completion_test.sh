#!/usr/bin/env bash
# The bash completion (packaging/castmap.bash-completion) against a real castmap: it offers the
# commands of `castmap --help`, a command's options, the values of --format and --only, and
# folders for `castmap init`. usage: completion_test.sh CASTMAP COMPLETION_FILE
set -euo pipefail
castmap=$(realpath "$1")
# shellcheck source=/dev/null
source "$2"
fail() { echo "completion_test: $*" >&2; exit 1; }

# Completes the words given (the last one is the word being typed); COMPREPLY holds the result.
complete_words() {
  COMP_WORDS=("$castmap" "$@")
  COMP_CWORD=$#
  _castmap || fail "_castmap failed"  # (errexit is off inside: compgen fails on no match)
}
offers() {  # offers WORD: the last completion offered WORD
  local reply
  for reply in "${COMPREPLY[@]}"; do [ "$reply" = "$1" ] && return 0; done
  fail "after '${COMP_WORDS[*]:1}' expected '$1', got '${COMPREPLY[*]}'"
}

complete_words ""
for command in $("$castmap" --help | sed -n '/^Subcommands:/,$ s/^  \([a-z][a-z-]*\) .*/\1/p'); do
  offers "$command"
done
offers export
complete_words ex
[ "${COMPREPLY[*]}" = "export exporters" ] || fail "'ex' completes to '${COMPREPLY[*]}'"
complete_words --
offers --version
complete_words export --
offers --dry-run
offers --config
offers --report
complete_words export --format ""
[ "${COMPREPLY[*]}" = "text json" ] || fail "--format completes to '${COMPREPLY[*]}'"
complete_words export --only rss,
offers rss,webvtt
complete_words validate --strict --
offers --format  # a flag takes no value: the next word is an option again
complete_words init --
offers --force
cd "$(mktemp -d)"
mkdir content-folder
complete_words init cont
offers content-folder
complete_words export --out cont
offers content-folder
rmdir content-folder
echo "completion_test: passed"
