package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.testbed.NetnsTestBed;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's nft drop set as the end-to-end tests see it, read with {@code nft} inside the test bed's capture
 * namespace.
 */
final class AgentDropSet
{
    private static final Pattern IPV4_ADDRESS = Pattern.compile("\\b(\\d+\\.\\d+\\.\\d+\\.\\d+)\\b");

    private AgentDropSet()
    {
    }

    /** Addresses in the agent's IPv4 drop set inside the rx namespace; empty if the table does not exist. */
    static List<String> blocked4(final NetnsTestBed bed)
    {
        final NetnsTestBed.CommandResult result =
            bed.run(bed.rxNamespace(), "nft", "list", "set", "inet", "ftagent", "blocked4");
        final List<String> blocked = new ArrayList<>();
        if (result.exitCode() != 0)
        {
            return blocked;
        }
        final Matcher address = IPV4_ADDRESS.matcher(result.output());
        while (address.find())
        {
            blocked.add(address.group(1));
        }
        return blocked;
    }
}
