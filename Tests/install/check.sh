#!/bin/sh
# `make install` into a temporary prefix: the binary runs from another folder, `man -l` renders
# every page, the completion scripts load in bash, zsh and fish, and `make uninstall` leaves no file.
# zsh and fish are installed from Debian when missing; a shell is skipped only when that fails.
set -eu
MAKE=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

$MAKE --no-print-directory install PREFIX="$prefix" DESTDIR= >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }
tail -1 "$tmp/install.log"

# The binary works from any folder (the bundled rules are compiled in).
root=$(pwd)
(cd "$tmp" && "$prefix/bin/ismap-rules" eval "$root/examples/multi-year-contract.yaml" >"$tmp/eval.txt") \
  || fail "the installed binary did not decide examples/multi-year-contract.yaml"

# A page per subcommand (and per sub-subcommand), each rendered by man without warnings.
pages=$(ls "$prefix/share/man/man1")
subcommands() { "$prefix/bin/ismap-rules" "$@" --help | sed -n '/^SUBCOMMANDS:/,/^$/p' | awk '/^  [a-z]/ { print $1 }'; }
for sub in $(subcommands); do
  for subsub in "" $(subcommands "$sub"); do
    page=ismap-rules.$sub${subsub:+.$subsub}.1
    echo "$pages" | grep -qx "$page" || fail "no man page $page"
  done
done
echo "$pages" | grep -qx ismap-rules.1 || fail "no man page ismap-rules.1"
for p in "$prefix"/share/man/man1/*.1; do
  out=$(MANWIDTH=80 man -l "$p" 2>"$tmp/man.err") || fail "man -l $p failed"
  echo "$out" | grep -q '^NAME' || fail "man -l $p shows no NAME section"
  [ -s "$tmp/man.err" ] && { fail "man -l $p warned:"; cat "$tmp/man.err"; }
done
echo "man pages: $(echo "$pages" | wc -l) rendered ($(echo $pages))"

# Completions load and know the subcommands.
bash -c ". '$prefix/share/bash-completion/completions/ismap-rules' && complete -p ismap-rules" >/dev/null \
  || fail "bash did not load the completion script"
echo "bash: completion loaded"
want_shell() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  { $SUDO apt-get update && $SUDO apt-get install -y "$1"; } >"$tmp/apt-$1.log" 2>&1 && command -v "$1" >/dev/null 2>&1 && return 0
  echo "SKIP: $1 is not installed and could not be installed (apt-get install $1 failed)"
  return 1
}
if want_shell zsh; then
  got=$(zsh -fc "fpath=('$prefix/share/zsh/site-functions' \$fpath); autoload -U compinit; compinit -u -d '$tmp/zcompdump'; echo \$_comps[ismap-rules]")
  [ "$got" = _ismap-rules ] || fail "zsh did not register _ismap-rules (got '$got')"
  echo "zsh: completion loaded"
fi
if want_shell fish; then
  got=$(fish --no-config -c "source '$prefix/share/fish/vendor_completions.d/ismap-rules.fish'; complete -C'ismap-rules '")
  echo "$got" | grep -q '^eval' || fail "fish completes no subcommand (got: $got)"
  echo "fish: completion loaded"
fi

# Uninstall removes every file that install wrote.
$MAKE --no-print-directory uninstall PREFIX="$prefix" DESTDIR= >"$tmp/uninstall.log" 2>&1 || { cat "$tmp/uninstall.log"; fail "make uninstall failed"; }
left=$(find "$prefix" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"

# DESTDIR stages under another root without changing the recorded paths.
$MAKE --no-print-directory install PREFIX=/usr/local DESTDIR="$tmp/stage" >"$tmp/install2.log" 2>&1 || { cat "$tmp/install2.log"; exit 1; }
grep -qx /usr/local/bin/ismap-rules "$tmp/stage/usr/local/share/ismap-rules/installed-files" || fail "the manifest does not list /usr/local/bin/ismap-rules"
$MAKE --no-print-directory uninstall PREFIX=/usr/local DESTDIR="$tmp/stage" >/dev/null 2>&1 || fail "make uninstall (DESTDIR) failed"
left=$(find "$tmp/stage" -type f)
[ -z "$left" ] || fail "make uninstall (DESTDIR) left: $left"

if [ "$fails" -gt 0 ]; then echo "install check: $fails failed"; exit 1; fi
echo "install check: all passed"
