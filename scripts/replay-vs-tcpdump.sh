#!/usr/bin/env bash
# Times whole-process `ftagent replay FILE` against `tcpdump -r FILE -w /dev/null` on the same pcap (issue #4's
# speed target: replay, which analyses every frame, should take no longer than tcpdump, which only copies them).
# The two run one after the other, each --runs times, alternating, after one untimed read that puts the file in the
# page cache; wall time is measured around each whole process (JVM start included for ftagent).
#
# Usage: scripts/replay-vs-tcpdump.sh [--runs N] [--config PATH] FILE
#        scripts/replay-vs-tcpdump.sh --generate FRAMES [--mix syn+dns|syn] [--runs N] FILE
#   --generate FRAMES  first write FILE (must not exist) with the test-side scenario generator: 4 min of benign
#                      traffic, then an attack at 20k pps, at least FRAMES frames (1000000 is issue #4's size).
#                      --mix syn+dns (default): SYN flood plus 1,400-byte DNS answers; --mix syn: 60-byte SYNs only.
#                      Needs the test classes: ./mvnw -B -q -pl ftagent-core -am package -DskipTests compiles
#                      them (skipTests still compiles tests).
# Needs: tcpdump, GNU time, a JDK 25 (bin/find-jdk.sh finds it) and a built ftagent (bin/ftagent builds it).
set -euo pipefail

runs=3
generate=""
mix="syn+dns"
config=""
file=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --generate) generate="$2"; shift 2 ;;
        --mix) mix="$2"; shift 2 ;;
        --config) config="$2"; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        -*) echo "unknown argument: $1" >&2; exit 2 ;;
        *) [ -z "$file" ] || { echo "one FILE only" >&2; exit 2; }; file="$1"; shift ;;
    esac
done
[ -n "$file" ] || { echo "usage: $0 [--generate FRAMES [--mix syn+dns|syn]] [--runs N] [--config PATH] FILE" >&2; exit 2; }
case "$runs${generate}" in *[!0-9]*) echo "--runs and --generate take integers" >&2; exit 2 ;; esac
for tool in tcpdump /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install tcpdump time)" >&2; exit 1; }
done

root="$(cd "$(dirname "$0")/.." && pwd)"

if [ -n "$generate" ]; then
    [ ! -e "$file" ] || { echo "$file exists; --generate writes a new file" >&2; exit 2; }
    classes="$root/ftagent-core/target/classes"
    test_classes="$root/ftagent-core/target/test-classes"
    [ -f "$test_classes/com/flowtriq/ftagent/agent/ScenarioPcapGenerator.class" ] || {
        echo "no test classes in $test_classes: run ./mvnw -B -q -pl ftagent-core -am package -DskipTests" >&2; exit 1; }
    # shellcheck source=../bin/find-jdk.sh
    . "$root/bin/find-jdk.sh"
    ftagent_find_jdk || exit 1
    "$JAVA_HOME/bin/java" -cp "$test_classes:$classes" com.flowtriq.ftagent.agent.ScenarioPcapGenerator \
        "$file" "$generate" "$mix"
fi
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }

replay_args=(replay "$file")
[ -z "$config" ] || replay_args+=(--config "$config")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Build ftagent if needed, warm the page cache, and let the first replay after a build write bin/ftagent's AOT
# startup cache (ftagent-cli/target/ftagent.aot; that run replays twice): none of this is timed.
"$root/bin/ftagent" --version >/dev/null
cat "$file" >/dev/null
"$root/bin/ftagent" "${replay_args[@]}" >/dev/null 2>"$work/untimed.err" || { cat "$work/untimed.err" >&2; exit 1; }

wall() {
    # $1: output prefix; rest: the command. Prints wall seconds; the command's stdout/stderr go to files.
    local prefix="$1"; shift
    /usr/bin/time -f '%e %M' -o "$work/$prefix.time" "$@" >"$work/$prefix.out" 2>"$work/$prefix.err"
    cat "$work/$prefix.time"
}

bytes=$(stat -c %s "$file")
echo "file: $file ($bytes bytes); $runs runs each, alternating; wall seconds and max RSS (KiB) per run"
ftagent_times=(); tcpdump_times=()
for run in $(seq 1 "$runs"); do
    read -r f_wall f_rss < <(wall "ftagent$run" "$root/bin/ftagent" "${replay_args[@]}")
    read -r t_wall t_rss < <(wall "tcpdump$run" tcpdump -r "$file" -w /dev/null)
    ftagent_times+=("$f_wall"); tcpdump_times+=("$t_wall")
    printf 'run %d: ftagent replay %6.2f s (%s KiB)   tcpdump -r -w /dev/null %6.2f s (%s KiB)\n' \
        "$run" "$f_wall" "$f_rss" "$t_wall" "$t_rss"
done

echo "ftagent replay's own summary and where its wall time went (last run):"
grep -h '^replay: .*\(replayed in\|since the process started\)' "$work/ftagent$runs.err" | sed 's/^/  /' || true
echo "ftagent replay incident events (last run):"
sed 's/^/  /' "$work/ftagent$runs.out"
echo "tcpdump says: $(grep -v '^$' "$work/tcpdump$runs.err" | tr '\n' ' ')"

best() { printf '%s\n' "$@" | sort -g | head -n 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
fb=$(best "${ftagent_times[@]}"); tb=$(best "${tcpdump_times[@]}")
fm=$(median "${ftagent_times[@]}"); tm=$(median "${tcpdump_times[@]}")
awk -v fb="$fb" -v tb="$tb" -v fm="$fm" -v tm="$tm" 'BEGIN {
    printf "best:   ftagent replay %.2f s, tcpdump %.2f s, ratio replay/tcpdump %.2f\n", fb, tb, (tb > 0 ? fb / tb : 0)
    printf "median: ftagent replay %.2f s, tcpdump %.2f s, ratio replay/tcpdump %.2f\n", fm, tm, (tm > 0 ? fm / tm : 0)
    printf "target (issue #4): ratio <= 1.00: %s (on the best times)\n", (fb <= tb ? "met" : "NOT met")
}'
