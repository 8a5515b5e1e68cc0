# tests/e2e/lib.sh: the scaffolding the end-to-end scripts share.  Sourced, not
# run: each script sets RF (and ROOT where it needs it) from its arguments,
# then sources this file, makes its checks and ends with `finish`.
#
# It gives:
#   PY           the Python to read JSON with (Debian's, else the first on PATH);
#   tmp          a fresh folder, removed at exit (read-only files too);
#   pass, failures and ok / bad MESSAGE, which count a check that holds or
#                fails (bad prints MESSAGE);
#   expect_exit CODE PATTERN CMD...   the command exits CODE and its stderr
#                matches PATTERN (ERE; empty: anything).  When the script sets
#                EXPECT_TIMEOUT (seconds), the command runs under timeout(1)
#                and a hang is a failure of its own (bad_inputs.sh);
#   check_json NAME PYTHON CMD...     the command exits 0 and the Python
#                snippet, given its output parsed strictly as `d` (NaN and
#                Infinity are errors) and near(name, got, want, tol), prints
#                nothing (it prints what is wrong otherwise);
#   serve_port LOG PID TENTHS         the port `rareflow serve --port 0` (PID)
#                says it listens on in LOG, waiting up to TENTHS tenths of a
#                second; empty when it stopped or never said;
#   finish       prints "SCRIPT: N passed, M failed" and returns whether none
#                failed (the last command of a script, so its exit status).

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
failures=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }

serve_port() {
  local port= i
  for i in $(seq "$3"); do
    port=$(sed -n 's|^rareflow: serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$1")
    [ -n "$port" ] && break
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "$port"
}

expect_exit() {
  local want=$1 pat=$2 rc; shift 2
  if [ -n "${EXPECT_TIMEOUT:-}" ]; then
    timeout "$EXPECT_TIMEOUT" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" = 124 ]; then bad "$* -> hung (killed after $EXPECT_TIMEOUT s)"; return; fi
  else
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  fi
  if [ "$rc" != "$want" ]; then bad "$* -> exit $rc, want $want ($(head -c 200 "$tmp/err"))"; return; fi
  if [ -n "$pat" ] && ! grep -Eq -e "$pat" "$tmp/err"; then bad "$* -> stderr '$(head -c 200 "$tmp/err")' lacks /$pat/"; return; fi
  ok
}

check_json() {
  local name=$1 code=$2 msg; shift 2
  "$@" >"$tmp/$name.json" 2>"$tmp/err" || { bad "$* -> exit $? ($(head -c 200 "$tmp/err"))"; return; }
  msg=$("$PY" -c "import json,sys
def strict(c): raise ValueError('non-finite number ' + c)
d=json.load(open(sys.argv[1]), parse_constant=strict)
def near(name, got, want, tol):
    if got is None or abs(got - want) > tol: print(name, got, 'want', want)
$code" "$tmp/$name.json" 2>&1)
  if [ -n "$msg" ]; then bad "$name: $msg"; else ok; fi
}

finish() {
  echo "${0##*/}: $pass passed, $failures failed"
  [ "$failures" = 0 ]
}
