package com.flowtriq.ftagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.flowtriq.ftagent.config.ConfigKey.bool;
import static com.flowtriq.ftagent.config.ConfigKey.integer;
import static com.flowtriq.ftagent.config.ConfigKey.list;
import static com.flowtriq.ftagent.config.ConfigKey.listOf;
import static com.flowtriq.ftagent.config.ConfigKey.number;
import static com.flowtriq.ftagent.config.ConfigKey.oneOf;
import static com.flowtriq.ftagent.config.ConfigKey.section;
import static com.flowtriq.ftagent.config.ConfigKey.sectionList;
import static com.flowtriq.ftagent.config.ConfigKey.string;

/**
 * The key registry: every config key ftagent knows, in README order. The single source of truth for defaults,
 * validation and the README table.
 * <p>
 * The seed agent's keys ({@code api_key} ... {@code metrics_interval}) keep their names, meanings and defaults so that
 * an existing {@code /etc/ftagent/config.json} works unchanged. Immutable after class initialisation; thread-safe.
 */
public final class ConfigKeys
{
    private static final long MAX_INT = Integer.MAX_VALUE;
    private static final List<ConfigKey> REGISTERED = new ArrayList<>();

    /** Attack families, as the detector names them (issues #4 and #6). */
    public static final List<String> FAMILIES = List.of(
        "tcp_flood", "udp_flood", "icmp_flood", "fragment_flood", "protocol_flood", "multi_vector", "http_flood");

    /** Attack subtypes, as the detector names them (issues #4 and #6). */
    public static final List<String> SUBTYPES = List.of(
        "syn", "syn_ack", "ack", "rst", "fin", "psh_ack", "xmas", "null", "tcp_mixed",
        "dns_amplification", "ntp_amplification", "ssdp_amplification", "memcached_amplification",
        "cldap_amplification", "chargen_amplification", "snmp_amplification", "wsd_amplification",
        "mdns_amplification", "dns_query_flood", "quic_flood", "udp_generic", "icmp_echo", "icmpv6_echo",
        "icmp_other", "ip_fragment", "gre", "other",
        "single_source", "distributed", "endpoint_targeted", "cache_bypass", "error_flood", "slow_rate");

    /** Access-log formats the L7 parsers know (issue #6). */
    public static final List<String> LOG_FORMATS = List.of(
        "auto", "nginx_combined", "nginx_json", "apache_combined", "apache_common", "apache_vhost_combined",
        "caddy_json", "litespeed", "haproxy_http");

    /** Mitigation actions (issue #8). */
    public static final List<String> MITIGATION_ACTIONS = List.of(
        "nft_drop_sources", "ipset_drop_sources", "iptables_rate_limit", "cloudflare_block", "exabgp_flowspec",
        "exabgp_blackhole", "command");

    // ---- Flowtriq API and node (seed keys) ----

    public static final ConfigKey API_KEY = register(string(
        "api_key", null, ValueFormat.NON_EMPTY,
        "The node's Flowtriq API key. Optional: without it ftagent runs in local mode.").asSecret());
    public static final ConfigKey NODE_UUID = register(string(
        "node_uuid", null, ValueFormat.UUID,
        "The node's UUID from the Flowtriq dashboard. Required whenever `api_key` is set."));
    public static final ConfigKey API_BASE = register(string(
        "api_base", "https://flowtriq.com/api/v1", ValueFormat.HTTP_URL, "Flowtriq API endpoint."));
    public static final ConfigKey HEARTBEAT_INTERVAL = register(integer(
        "heartbeat_interval", 30, 5, 3600, "Seconds between heartbeats to the API."));
    public static final ConfigKey METRICS_INTERVAL = register(integer(
        "metrics_interval", 10, 1, 3600,
        "Seconds between metric reports to the API, and between incident updates."));
    public static final ConfigKey CONFIG_POLL_INTERVAL = register(integer(
        "config_poll_interval", 300, 10, 86400,
        "Seconds between polls of the server's config (10 s while an incident is open)."));

    // ---- Capture ----

    public static final ConfigKey INTERFACE = register(string(
        "interface", "auto", ValueFormat.INTERFACE,
        "The interface to monitor, or `\"auto\"`: the interface with the default route, else the busiest " +
        "non-virtual one."));
    public static final ConfigKey CAPTURE_SOURCE = register(oneOf(
        "capture_source", "afpacket", List.of("afpacket", "pcap"),
        "How packets are captured: AF_PACKET TPACKET_V3 ring, or libpcap. The ring reads Ethernet, loopback and " +
        "devices without a link header (tun, WireGuard, IP tunnels: frames taken as raw IP); on any other link " +
        "type it refuses to start and says to use `pcap`."));
    public static final ConfigKey CAPTURE_THREADS = register(integer(
        "capture_threads", 0, 0, 256, "Capture threads (fanout sockets); 0 means one per core."));
    public static final ConfigKey CAPTURE_PROMISCUOUS = register(bool(
        "capture_promiscuous", false, "Put the interface in promiscuous mode while capturing."));
    public static final ConfigKey CAPTURE_FANOUT_MODE = register(oneOf(
        "capture_fanout_mode", "hash", List.of("hash", "lb", "cpu", "rollover", "random", "qm"),
        "PACKET_FANOUT mode spreading packets over the capture threads."));
    public static final ConfigKey CAPTURE_RING_BLOCK_SIZE = register(integer(
        "capture_ring_block_size", 1 << 20, 4096, 1 << 30,
        "Bytes per TPACKET_V3 ring block (a multiple of the page size).").asPowerOfTwo());
    public static final ConfigKey CAPTURE_RING_BLOCK_COUNT = register(integer(
        "capture_ring_block_count", 64, 2, 65536, "Blocks per TPACKET_V3 ring (per capture thread)."));
    public static final ConfigKey CAPTURE_RING_FRAME_SIZE = register(integer(
        "capture_ring_frame_size", 2048, 128, 1 << 20,
        "Frame size for the kernel's bookkeeping (`tp_frame_size`); at most the block size.").asPowerOfTwo());
    public static final ConfigKey CAPTURE_RING_BLOCK_TIMEOUT_MS = register(integer(
        "capture_ring_block_timeout_ms", 10, 0, 1000,
        "Milliseconds before the kernel hands over a partly filled block; 0 lets the kernel choose."));
    public static final ConfigKey TOP_K = register(integer(
        "top_k", 32, 4, 1024, "Heavy hitters kept per tick for top sources, destinations and ports."));

    // ---- Detection ----

    public static final ConfigKey DYNAMIC_THRESHOLD = register(bool(
        "dynamic_threshold", true, "Adjust the detection threshold from the traffic baseline."));
    public static final ConfigKey BASELINE_WINDOW_MINUTES = register(integer(
        "baseline_window_minutes", 60, 1, 1440, "The rolling window the baseline is computed over."));
    public static final ConfigKey THRESHOLD_MULTIPLIER = register(number(
        "threshold_multiplier", 3.0, 1.0, 100.0, "Alert when PPS exceeds baseline (p99) x multiplier."));
    public static final ConfigKey PPS_THRESHOLD = register(integer(
        "pps_threshold", 0, 0, Long.MAX_VALUE,
        "Static PPS threshold: used when `dynamic_threshold` is false, and as a floor; 0 means none."));
    public static final ConfigKey BPS_THRESHOLD = register(integer(
        "bps_threshold", 0, 0, Long.MAX_VALUE,
        "Static threshold in bits/s: used when `dynamic_threshold` is false, and as a floor; 0 means none."));
    public static final ConfigKey MIN_PPS_THRESHOLD = register(integer(
        "min_pps_threshold", 5000, 0, Long.MAX_VALUE, "The PPS threshold never goes below this floor."));
    public static final ConfigKey MIN_BPS_THRESHOLD = register(integer(
        "min_bps_threshold", 50_000_000, 0, Long.MAX_VALUE,
        "The bits/s threshold never goes below this floor."));
    public static final ConfigKey ATTACK_CONFIRM_SECONDS = register(integer(
        "attack_confirm_seconds", 2, 1, 60,
        "Consecutive seconds above threshold before an incident opens (at once above 5x the threshold)."));
    public static final ConfigKey ATTACK_HOLDDOWN_SECONDS = register(integer(
        "attack_holddown_seconds", 10, 1, 3600,
        "Seconds below 0.8x the threshold before an incident resolves."));
    public static final ConfigKey ATTACK_COOLDOWN_SECONDS = register(integer(
        "attack_cooldown_seconds", 60, 0, 86400, "Seconds after a resolve before a new incident may open."));
    public static final ConfigKey PROTECTED_PREFIXES = register(list(
        "protected_prefixes", ValueFormat.CIDR,
        "Prefixes whose destination IPs also get per-victim thresholds."));

    // ---- PCAP ----

    public static final ConfigKey PCAP_ENABLED = register(bool(
        "pcap_enabled", true, "Capture a PCAP during incidents."));
    public static final ConfigKey PCAP_DIR = register(string(
        "pcap_dir", "/var/lib/ftagent/pcaps", ValueFormat.ABSOLUTE_PATH, "Where PCAP files go (created 0700)."));
    public static final ConfigKey PCAP_MAX_PACKETS = register(integer(
        "pcap_max_packets", 10000, 1, 100_000_000, "Maximum packets per PCAP file."));
    public static final ConfigKey PCAP_MAX_SECONDS = register(integer(
        "pcap_max_seconds", 60, 1, 86400, "Maximum seconds per PCAP file."));
    public static final ConfigKey PCAP_RETENTION_DAYS = register(integer(
        "pcap_retention_days", 7, 1, 3650, "Delete PCAPs older than this."));
    public static final ConfigKey PCAP_SNAPLEN = register(integer(
        "pcap_snaplen", 256, 0, 262144, "Bytes kept of each frame; 0 keeps the whole frame."));
    public static final ConfigKey PCAP_PREATTACK_PACKETS = register(integer(
        "pcap_preattack_packets", 1000, 0, 1_000_000,
        "Packets kept from before detection and written first into each PCAP."));
    public static final ConfigKey PCAP_INCIDENT_FILTER = register(bool(
        "pcap_incident_filter", false, "Capture only the incident's victims and protocol instead of all traffic."));
    public static final ConfigKey PCAP_MAX_DISK_MB = register(integer(
        "pcap_max_disk_mb", 2000, 1, 10_000_000, "Oldest PCAPs are deleted while the total exceeds this."));
    public static final ConfigKey PCAP_MIN_FREE_MB = register(integer(
        "pcap_min_free_mb", 500, 0, 10_000_000, "No capture starts while free disk is below this."));

    // ---- L7 ----

    public static final ConfigKey L7_ENABLED = register(bool(
        "l7_enabled", true, "Detect HTTP floods from access logs, when a configured or known log exists."));
    public static final ConfigKey L7_LOGS = register(sectionList(
        "l7_logs", "Access logs to tail; empty means the usual nginx, Apache, Caddy, LiteSpeed and HAProxy paths."));
    public static final ConfigKey L7_LOG_PATH = register(string(
        "l7_logs[].path", null, ValueFormat.ABSOLUTE_PATH, "Access log file.").asRequired());
    public static final ConfigKey L7_LOG_FORMAT = register(oneOf(
        "l7_logs[].format", "auto", LOG_FORMATS, "Its format; `auto` detects it from the first lines."));
    public static final ConfigKey L7_TRUSTED_PROXIES = register(list(
        "l7_trusted_proxies", ValueFormat.CIDR, "Peers whose X-Forwarded-For is trusted for the client IP."));
    public static final ConfigKey L7_MAX_LINE_BYTES = register(integer(
        "l7_max_line_bytes", 16384, 256, 1 << 20, "Longer log lines are counted and skipped."));
    public static final ConfigKey L7_THRESHOLD_MULTIPLIER = register(number(
        "l7_threshold_multiplier", 3.0, 1.0, 100.0, "Alert when requests/s exceed the RPS baseline x multiplier."));
    public static final ConfigKey L7_MIN_RPS = register(integer(
        "l7_min_rps", 100, 1, 100_000_000, "The requests/s threshold never goes below this floor."));
    public static final ConfigKey L7_SENSITIVITY = register(oneOf(
        "l7_sensitivity", "medium", List.of("low", "medium", "high"),
        "How readily concentration, targeting and error signals open an incident."));
    public static final ConfigKey L7_ERROR_RATE_THRESHOLD = register(number(
        "l7_error_rate_threshold", 0.7, 0.05, 1.0,
        "Share of 4xx/5xx responses in a second that counts as an error signal (an `error_flood` when it leads)."));

    // ---- State, journal, outbox, metrics ----

    public static final ConfigKey STATE_DIR = register(string(
        "state_dir", "/var/lib/ftagent", ValueFormat.ABSOLUTE_PATH,
        "Baseline (`baseline.bin`), the API outbox (`outbox/`), the incident journal (`incidents.jsonl`), " +
        "mitigation state (`mitigations.json`) and, with `cloudflare_block`, Cloudflare's own outbox " +
        "(`cloudflare-outbox/`) and the ids of the rules it created (`cloudflare-rules.tsv`)."));
    public static final ConfigKey JOURNAL_ENABLED = register(bool(
        "journal_enabled", true, "Append every incident event to `<state_dir>/incidents.jsonl`."));
    public static final ConfigKey JOURNAL_MAX_MB = register(integer(
        "journal_max_mb", 64, 1, 100_000, "The incident journal rotates at this size."));
    public static final ConfigKey OUTBOX_MAX_MB = register(integer(
        "outbox_max_mb", 256, 1, 100_000,
        "Bound of the durable outbox; when full, metric samples are dropped first, never incident events."));
    public static final ConfigKey METRICS_LISTEN = register(string(
        "metrics_listen", "127.0.0.1:9108", ValueFormat.LISTEN_ADDRESS,
        "Loopback listener for `/metrics` and `/health`; `\"\"` disables it."));

    // ---- Notifiers ----

    public static final ConfigKey NOTIFY = register(section(
        "notify", "Notifiers for local mode (and alongside the API)."));
    public static final ConfigKey NOTIFY_SLACK = register(section("notify.slack", "Slack incoming webhook."));
    public static final ConfigKey NOTIFY_SLACK_WEBHOOK_URL = register(string(
        "notify.slack.webhook_url", null, ValueFormat.HTTP_URL, "Slack incoming-webhook URL.").asSecret());
    public static final ConfigKey NOTIFY_DISCORD = register(section("notify.discord", "Discord webhook."));
    public static final ConfigKey NOTIFY_DISCORD_WEBHOOK_URL = register(string(
        "notify.discord.webhook_url", null, ValueFormat.HTTP_URL, "Discord webhook URL.").asSecret());
    public static final ConfigKey NOTIFY_TEAMS = register(section("notify.teams", "Microsoft Teams Workflows webhook."));
    public static final ConfigKey NOTIFY_TEAMS_WEBHOOK_URL = register(string(
        "notify.teams.webhook_url", null, ValueFormat.HTTP_URL, "Teams Workflows webhook URL.").asSecret());
    public static final ConfigKey NOTIFY_PAGERDUTY = register(section(
        "notify.pagerduty", "PagerDuty Events API v2."));
    public static final ConfigKey NOTIFY_PAGERDUTY_ROUTING_KEY = register(string(
        "notify.pagerduty.routing_key", null, ValueFormat.NON_EMPTY, "PagerDuty integration (routing) key.")
        .asSecret());
    public static final ConfigKey NOTIFY_PAGERDUTY_EVENTS_URL = register(string(
        "notify.pagerduty.events_url", "https://events.pagerduty.com/v2/enqueue", ValueFormat.HTTP_URL,
        "PagerDuty Events API endpoint."));
    public static final ConfigKey NOTIFY_WEBHOOK = register(section(
        "notify.webhook", "Generic webhook receiving the incident JSON."));
    public static final ConfigKey NOTIFY_WEBHOOK_URL = register(string(
        "notify.webhook.url", null, ValueFormat.HTTP_URL, "Webhook URL.").asSecret());
    public static final ConfigKey NOTIFY_WEBHOOK_SECRET = register(string(
        "notify.webhook.secret", null, ValueFormat.NON_EMPTY,
        "If set, requests carry `X-Ftagent-Signature`, an HMAC-SHA256 of the body with this secret.").asSecret());

    // ---- Mitigation ----

    public static final ConfigKey MITIGATION = register(section(
        "mitigation", "Approved responses, applied on open and reverted on resolve."));
    public static final ConfigKey MITIGATION_ENABLED = register(bool(
        "mitigation.enabled", false, "Apply mitigation rules."));
    public static final ConfigKey MITIGATION_DRY_RUN = register(bool(
        "mitigation.dry_run", false, "Log what would run, run nothing."));
    public static final ConfigKey MITIGATION_SAFELIST = register(list(
        "mitigation.safelist", ValueFormat.CIDR,
        "Never blocked; the host's own addresses, gateway, loopback and the API host are always added."));
    public static final ConfigKey MITIGATION_MAX_BLOCKED_SOURCES = register(integer(
        "mitigation.max_blocked_sources", 1000, 1, 1_000_000, "Most sources blocked at once."));
    public static final ConfigKey MITIGATION_COMMAND_TIMEOUT_SECONDS = register(integer(
        "mitigation.command_timeout_seconds", 10, 1, 300, "Timeout of each mitigation command."));
    public static final ConfigKey MITIGATION_RULES = register(sectionList(
        "mitigation.rules", "Rules: when an incident matches `when`, apply `action` to `targets`."));
    public static final ConfigKey RULE_WHEN = register(section(
        "mitigation.rules[].when", "Match conditions; all given must hold."));
    public static final ConfigKey RULE_WHEN_FAMILIES = register(listOf(
        "mitigation.rules[].when.families", FAMILIES, "Families that match; empty means any."));
    public static final ConfigKey RULE_WHEN_SUBTYPES = register(listOf(
        "mitigation.rules[].when.subtypes", SUBTYPES, "Subtypes that match; empty means any."));
    public static final ConfigKey RULE_WHEN_MIN_PPS = register(integer(
        "mitigation.rules[].when.min_pps", 0, 0, Long.MAX_VALUE,
        "Minimum peak packets/s; for `http_flood` (L7) incidents, minimum peak requests/s."));
    public static final ConfigKey RULE_WHEN_MIN_CONFIDENCE = register(integer(
        "mitigation.rules[].when.min_confidence", 0, 0, 100, "Minimum confidence."));
    public static final ConfigKey RULE_ACTION = register(oneOf(
        "mitigation.rules[].action", null, MITIGATION_ACTIONS, "What to do.").asRequired());
    public static final ConfigKey RULE_TARGETS = register(oneOf(
        "mitigation.rules[].targets", "top_sources", List.of("top_sources", "victim", "victim_port"),
        "What the action applies to."));
    public static final ConfigKey RULE_TOP_N = register(integer(
        "mitigation.rules[].top_n", 10, 1, 100_000, "How many top sources `top_sources` means."));
    public static final ConfigKey RULE_TTL_SECONDS = register(integer(
        "mitigation.rules[].ttl_seconds", 0, 0, 30L * 86400,
        "Remove after this many seconds even if the incident is open; 0 means on resolve."));
    public static final ConfigKey RULE_RATE_LIMIT_PPS = register(integer(
        "mitigation.rules[].rate_limit_pps", 1000, 1, MAX_INT, "Packets/s allowed by `iptables_rate_limit`."));
    public static final ConfigKey RULE_COMMAND = register(list(
        "mitigation.rules[].command", ValueFormat.ANY,
        "argv for `command`; the first element an absolute path; placeholders `{src_ip}`, `{dst_ip}`, " +
        "`{dst_port}`, `{protocol}`, `{incident_id}`, `{family}`."));
    public static final ConfigKey RULE_REVERT = register(list(
        "mitigation.rules[].revert", ValueFormat.ANY, "argv that undoes `command`, same placeholders."));
    public static final ConfigKey MITIGATION_CLOUDFLARE = register(section(
        "mitigation.cloudflare", "Cloudflare IP Access Rules, for `cloudflare_block`."));
    public static final ConfigKey MITIGATION_CLOUDFLARE_API_TOKEN = register(string(
        "mitigation.cloudflare.api_token", null, ValueFormat.NON_EMPTY, "Cloudflare API token.").asSecret());
    public static final ConfigKey MITIGATION_CLOUDFLARE_ZONE_ID = register(string(
        "mitigation.cloudflare.zone_id", null, ValueFormat.NON_EMPTY, "Zone scope (set this or `account_id`)."));
    public static final ConfigKey MITIGATION_CLOUDFLARE_ACCOUNT_ID = register(string(
        "mitigation.cloudflare.account_id", null, ValueFormat.NON_EMPTY, "Account scope."));
    public static final ConfigKey MITIGATION_CLOUDFLARE_API_BASE = register(string(
        "mitigation.cloudflare.api_base", "https://api.cloudflare.com/client/v4", ValueFormat.HTTP_URL,
        "Cloudflare API endpoint."));
    public static final ConfigKey MITIGATION_EXABGP = register(section(
        "mitigation.exabgp", "ExaBGP, for `exabgp_flowspec` and `exabgp_blackhole`."));
    public static final ConfigKey MITIGATION_EXABGP_PIPE = register(string(
        "mitigation.exabgp.pipe", null, ValueFormat.ABSOLUTE_PATH, "ExaBGP API named pipe."));
    public static final ConfigKey MITIGATION_EXABGP_BLACKHOLE_COMMUNITY = register(string(
        "mitigation.exabgp.blackhole_community", "65535:666", ValueFormat.NON_EMPTY,
        "Community on blackhole announcements (RFC 7999 BLACKHOLE by default)."));

    // ---- Logging (seed keys first) ----

    public static final ConfigKey LOG_FILE = register(string(
        "log_file", "/var/log/ftagent.log", ValueFormat.ABSOLUTE_PATH_OR_EMPTY,
        "Log file path (size-rotated); `\"\"` logs to stderr only."));
    public static final ConfigKey LOG_LEVEL = register(oneOf(
        "log_level", "INFO", List.of("DEBUG", "INFO", "WARNING", "ERROR"), "Log level."));
    public static final ConfigKey LOG_MAX_MB = register(integer(
        "log_max_mb", 50, 1, 100_000, "The log file rotates at this size."));
    public static final ConfigKey LOG_MAX_FILES = register(integer(
        "log_max_files", 5, 1, 100, "Rotated log files kept."));

    private static final List<ConfigKey> ALL = Collections.unmodifiableList(REGISTERED);
    private static final Map<String, ConfigKey> BY_PATH = index();

    private ConfigKeys()
    {
    }

    private static ConfigKey register(final ConfigKey key)
    {
        REGISTERED.add(key);
        return key;
    }

    private static Map<String, ConfigKey> index()
    {
        final Map<String, ConfigKey> byPath = new LinkedHashMap<>();
        for (final ConfigKey key : ALL)
        {
            if (null != byPath.put(key.path(), key))
            {
                throw new IllegalStateException("duplicate config key " + key.path());
            }
        }
        return Collections.unmodifiableMap(byPath);
    }

    /**
     * @return every key in registry (README) order.
     */
    public static List<ConfigKey> all()
    {
        return ALL;
    }

    /**
     * @param path a registry path such as {@code notify.slack.webhook_url} or {@code mitigation.rules[].action}.
     * @return the key, or null if there is none.
     */
    public static ConfigKey find(final String path)
    {
        return BY_PATH.get(path);
    }

    /**
     * @param parentPrefix "" for the top level, else a section's path plus "." (or "[]." for list elements).
     * @return the keys directly inside that object.
     */
    public static List<ConfigKey> children(final String parentPrefix)
    {
        final List<ConfigKey> children = new ArrayList<>();
        for (final ConfigKey key : ALL)
        {
            if (key.parentPrefix().equals(parentPrefix))
            {
                children.add(key);
            }
        }
        return children;
    }
}
