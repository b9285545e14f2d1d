package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.AgentConfig;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Renders the systemd unit that runs the agent: restarted on failure, with only the capabilities capture and
 * mitigation need (CAP_NET_RAW for the packet socket, CAP_NET_ADMIN for promiscuous mode, fanout and nft/ipset),
 * a read-only system except the config's state, PCAP and log directories, and unlimited locked memory for the
 * capture ring. Stateless.
 */
final class SystemdUnit
{
    /** Where the unit goes by default. */
    static final Path DEFAULT_PATH = Path.of("/etc/systemd/system/ftagent.service");

    /** The launcher of an installed tree (packaging/install.sh puts it there). */
    static final Path DEFAULT_LAUNCHER = Path.of("/opt/ftagent/bin/ftagent");

    /** The heap and GC the service runs with; the same as bin/ftagent's default. */
    static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC";

    private SystemdUnit()
    {
    }

    /**
     * @param launcher   the installed launcher script.
     * @param configFile the config file passed with {@code --config}.
     * @param user       the user to run as, or null for root.
     * @param config     the config, for the directories the agent writes to.
     * @return the unit file text.
     */
    static String render(final Path launcher, final Path configFile, final String user, final AgentConfig config)
    {
        final StringBuilder unit = new StringBuilder(1024);
        unit.append("# Written by `ftagent install-service`; re-run it after changing the directories in the config.\n")
            .append("[Unit]\n")
            .append("Description=ftagent DDoS detection agent\n")
            .append("Documentation=https://flowtriq.com\n")
            .append("After=network-online.target\n")
            .append("Wants=network-online.target\n")
            .append("\n")
            .append("[Service]\n")
            .append("Type=simple\n")
            .append("ExecStart=").append(launcher).append(" run --config ").append(configFile).append('\n')
            .append("Environment=\"FTAGENT_JAVA_OPTS=").append(JAVA_OPTS).append("\"\n")
            .append("Restart=on-failure\n")
            .append("RestartSec=5\n")
            .append("# SIGTERM: stop capture, resolve incidents, revert mitigations, flush; exits within 10 s.\n")
            .append("TimeoutStopSec=20\n");
        if (null != user)
        {
            unit.append("User=").append(user).append('\n');
        }
        unit.append("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN\n")
            .append("CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN\n")
            .append("NoNewPrivileges=yes\n")
            .append("ProtectSystem=strict\n")
            .append("ProtectHome=yes\n")
            .append("PrivateTmp=yes\n")
            .append("StateDirectory=ftagent\n")
            .append("LogsDirectory=ftagent\n")
            .append("# A leading '-' lets the service start before a directory exists; the agent creates it.\n")
            .append("ReadWritePaths=").append(String.join(" ", writablePaths(config))).append('\n')
            .append("# The capture ring is locked memory.\n")
            .append("LimitMEMLOCK=infinity\n")
            .append("\n")
            .append("[Install]\n")
            .append("WantedBy=multi-user.target\n");
        return unit.toString();
    }

    /**
     * @return the state dir, the PCAP dir and the log file's directory, each once, prefixed by '-'.
     */
    static Set<String> writablePaths(final AgentConfig config)
    {
        final Set<String> paths = new LinkedHashSet<>();
        paths.add("-" + config.state().stateDir());
        paths.add("-" + config.pcap().dir());
        final String logFile = config.logging().file();
        if (!logFile.isEmpty())
        {
            final Path parent = Path.of(logFile).getParent();
            if (null != parent)
            {
                paths.add("-" + parent);
            }
        }
        return paths;
    }
}
