package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helpers that run nft inside the test bed's rx namespace only.
 */
final class NamespaceNft
{
    private NamespaceNft()
    {
    }

    static boolean available()
    {
        return Files.isExecutable(Path.of("/usr/sbin/nft")) || Files.isExecutable(Path.of("/sbin/nft"));
    }

    static ArgvRunner runner(final NetnsTestBed bed)
    {
        return new ArgvRunner(List.of("ip", "netns", "exec", bed.rxNamespace()), 30_000);
    }

    /**
     * Spoofed sources have no route back; switch off reverse-path filtering in rx so they are delivered.
     */
    static void allowSpoofedSources(final NetnsTestBed bed)
    {
        bed.run(bed.rxNamespace(), "sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=0").check();
        bed.run(bed.rxNamespace(), "sysctl", "-q", "-w", "net.ipv4.conf." + bed.rxInterface() + ".rp_filter=0")
            .check();
    }

    static String listTable(final NetnsTestBed bed)
    {
        return bed.run(bed.rxNamespace(), "nft", "list", "table", "inet", NftDropSources.TABLE).check().output();
    }

    static String ruleset(final NetnsTestBed bed)
    {
        return bed.run(bed.rxNamespace(), "nft", "list", "ruleset").check().output();
    }
}
