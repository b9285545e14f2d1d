#!/usr/bin/env bash
# Compares `ftagent bench` with `tcpdump -w /dev/null` on the same traffic: trafgen floods a veth pair at its
# ceiling and each capture tool, one after the other, reads the receiving end for the same number of seconds.
# Both veth ends live in namespaces this script creates and deletes, so no frame can reach the host's links.
#
# Usage: sudo scripts/bench-vs-tcpdump.sh [--seconds N] [--frame-bytes N] [--threads N] [--source afpacket|pcap]
#                                          [--pcap-tap]
# --pcap-tap runs ftagent bench with its PCAP pre-attack tap on every frame (the cost of pcap_enabled between
# incidents); compare a run with and one without it.
# Needs: root, iproute2, trafgen (netsniff-ng), tcpdump, jq, GNU time, and a built ftagent (bin/ftagent builds it).
set -euo pipefail

seconds=10
frame_bytes=64
threads=1
source=afpacket
pcap_tap=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --frame-bytes) frame_bytes="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --source) source="$2"; shift 2 ;;
        --pcap-tap) pcap_tap="--pcap-tap"; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
case "$seconds$frame_bytes$threads" in *[!0-9]*) echo "--seconds, --frame-bytes and --threads take integers" >&2; exit 2 ;; esac
if [ "$frame_bytes" -lt 60 ] || [ "$frame_bytes" -gt 1514 ]; then
    echo "--frame-bytes must be 60..1514, got $frame_bytes" >&2; exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces, AF_PACKET)" >&2; exit 1; }
for tool in ip trafgen tcpdump jq /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install iproute2 netsniff-ng tcpdump jq time)" >&2; exit 1; }
done

root="$(cd "$(dirname "$0")/.." && pwd)"
id="$$"
tx_ns="fta-tx-$id"; rx_ns="fta-rx-$id"; tx_if="fta-tx$id"; rx_if="fta-rx$id"
work="$(mktemp -d)"
trafgen_pid=""

cleanup() {
    if [ -n "$trafgen_pid" ]; then kill "$trafgen_pid" 2>/dev/null || true; wait "$trafgen_pid" 2>/dev/null || true; fi
    ip netns del "$tx_ns" 2>/dev/null || true
    ip netns del "$rx_ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$tx_ns"
ip netns add "$rx_ns"
ip link add "$tx_if" netns "$tx_ns" type veth peer name "$rx_if" netns "$rx_ns"
for pair in "$tx_ns:$tx_if:198.18.77.1/30" "$rx_ns:$rx_if:198.18.77.2/30"; do
    IFS=: read -r ns ifname addr <<<"$pair"
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifname.accept_dad=0" "net.ipv6.conf.$ifname.accept_ra=0"
    ip -n "$ns" addr add "$addr" dev "$ifname"
    ip -n "$ns" link set "$ifname" up
done

# A UDP frame of the requested size to a MAC nobody owns: the receiver captures it, then drops it as
# PACKET_OTHERHOST without running the IP stack, so the measurement is the capture path alone.
ip_len=$((frame_bytes - 14)); udp_len=$((ip_len - 20)); payload=$((udp_len - 8))
cat >"$work/flood.cfg" <<EOF
{
  0x02, 0x00, 0x5e, 0x00, 0x00, 0x02,
  0x02, 0x00, 0x5e, 0x00, 0x00, 0x01,
  c16(0x0800),
  0x45, 0x00, c16($ip_len), c16(0), c16(0x4000), 64, 17, csumip(14, 33),
  198, 18, 77, 1, 198, 18, 77, 2,
  c16(40000), c16(9), c16($udp_len), c16(0),
  fill(0x00, $payload)
}
EOF

start_flood() {
    # One sender CPU, qdisc bypass (trafgen's default), and --no-sock-mem/--notouch-irq so trafgen leaves the host's socket-memory
    # sysctls and IRQ affinity alone. Bounded in time: the flood outlives the capture window by a few seconds.
    timeout $((seconds + 20)) ip netns exec "$tx_ns" trafgen --dev "$tx_if" --conf "$work/flood.cfg" \
        --cpus 1 --no-sock-mem --notouch-irq --no-cpu-stats >/dev/null 2>&1 &
    trafgen_pid=$!
    sleep 2
}
stop_flood() {
    kill "$trafgen_pid" 2>/dev/null || true
    wait "$trafgen_pid" 2>/dev/null || true
    trafgen_pid=""
    sleep 1
}

echo "building/launching ftagent..." >&2
"$root/bin/ftagent" version >&2

# ftagent bench reports its own process CPU over the capture window.
start_flood
ip netns exec "$rx_ns" "$root/bin/ftagent" bench --iface "$rx_if" --seconds "$seconds" --threads "$threads" \
    --source "$source" ${pcap_tap:+"$pcap_tap"} --json >"$work/ftagent.json"
stop_flood
ft_packets=$(jq -r .packets "$work/ftagent.json")
ft_drops=$(jq -r .kernel_drops "$work/ftagent.json")
ft_cpu=$(jq -r .cpu_seconds "$work/ftagent.json")

# tcpdump: user+system CPU of the whole process from GNU time; packets and drops from its exit summary.
start_flood
ip netns exec "$rx_ns" /usr/bin/time -f "cpu %U %S" -o "$work/tcpdump.time" \
    timeout -s INT "$seconds" tcpdump -i "$rx_if" -n -q -w /dev/null 2>"$work/tcpdump.err" || true
stop_flood
# "received by filter" is the kernel's tp_packets, which already includes the drops; "captured" is what
# tcpdump actually read, the figure comparable with ftagent's packet count.
td_packets=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured.*/\1/p' "$work/tcpdump.err")
td_drops=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$work/tcpdump.err")
td_cpu=$(awk '/^cpu/ {print $2 + $3}' "$work/tcpdump.time")

row() {
    awk -v name="$1" -v p="$2" -v d="$3" -v c="$4" -v s="$seconds" 'BEGIN {
        offered = p + d
        printf "| %-34s | %12d | %10.0f | %12d | %7.2f%% | %8.2f | %12s |\n", name, p, p / s, d,
            (offered > 0 ? 100 * d / offered : 0), c, (p > 0 ? sprintf("%.3f", c / (p / 1e6)) : "n/a") }'
}
echo
echo "veth, ${frame_bytes}-byte frames, trafgen on 1 CPU at its ceiling, ${seconds}s each"
echo "| tool                               |      packets |        pps | kernel drops |  drop %  |  CPU s   | CPU s / Mpkt |"
echo "|------------------------------------|--------------|------------|--------------|----------|----------|--------------|"
row "ftagent bench ($source${pcap_tap:+, pcap tap})" "$ft_packets" "$ft_drops" "$ft_cpu"
row "tcpdump -w /dev/null" "$td_packets" "$td_drops" "$td_cpu"
