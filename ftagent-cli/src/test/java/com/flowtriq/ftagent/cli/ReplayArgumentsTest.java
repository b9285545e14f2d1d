package com.flowtriq.ftagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link ReplayArguments} reads only forms that picocli reads the same way, and leaves everything else to picocli.
 */
class ReplayArgumentsTest
{
    @Test
    void shouldSetTheSameOptionsAsPicocliForEveryFormItReads()
    {
        for (final String[] args : List.of(
            new String[] {"replay", "a.pcap"},
            new String[] {"replay", "a.pcap", "--format", "text"},
            new String[] {"replay", "--format=text", "a.pcap"},
            new String[] {"replay", "a.pcap", "--json"},
            new String[] {"replay", "--config", "/etc/ftagent/config.json", "dir/b.pcapng"},
            new String[] {"replay", "a.pcap", "--config=c.json", "--log-level", "INFO", "--format", "json"},
            new String[] {"replay", "--log-level=DEBUG", "--json", "--format", "text", "a b.pcap"}))
        {
            final ReplayCommand fast = ReplayArguments.parse(args);
            assertNotNull(fast, String.join(" ", args));
            final ReplayCommand picocli = new ReplayCommand();
            new CommandLine(picocli).parseArgs(Arrays.copyOfRange(args, 1, args.length));
            final String what = String.join(" ", args);
            assertEquals(picocli.file, fast.file, what);
            assertEquals(picocli.config, fast.config, what);
            assertEquals(picocli.format, fast.format, what);
            assertEquals(picocli.json, fast.json, what);
            assertEquals(picocli.logLevel, fast.logLevel, what);
            assertNull(fast.accessLog, what);
            assertNull(fast.logFormat, what);
            assertNull(fast.pcapDir, what);
        }
    }

    @Test
    void shouldLeaveHelpOtherOptionsRepeatsAndBadValuesToPicocli()
    {
        for (final String[] args : List.of(
            new String[] {"replay"},
            new String[] {"run", "a.pcap"},
            new String[] {"--config", "c.json", "replay", "a.pcap"},
            new String[] {"replay", "a.pcap", "--help"},
            new String[] {"replay", "-h", "a.pcap"},
            new String[] {"replay", "a.pcap", "--version"},
            new String[] {"replay", "a.pcap", "--pcap-dir", "/tmp/p"},
            new String[] {"replay", "--access-log", "access.log"},
            new String[] {"replay", "a.pcap", "b.pcap"},
            new String[] {"replay", "a.pcap", "--format", "TEXT"},
            new String[] {"replay", "a.pcap", "--format", "xml"},
            new String[] {"replay", "a.pcap", "--format"},
            new String[] {"replay", "a.pcap", "--format", "text", "--format", "json"},
            new String[] {"replay", "a.pcap", "--json", "--json"},
            new String[] {"replay", "a.pcap", "--config", "--json"},
            new String[] {"replay", "a.pcap", "--json=true"},
            new String[] {"replay", "--", "a.pcap"},
            new String[] {"replay", "@args.txt"},
            new String[] {"replay", "a.pcap", "--no-such-option"},
            new String[] {"replay", "a\0.pcap"}))
        {
            assertNull(ReplayArguments.parse(args), String.join(" ", args));
        }
    }
}
