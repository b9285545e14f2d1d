package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real crash: a child JVM in the rx namespace applies a block and is killed with SIGKILL; the next start removes
 * what it left.
 */
class CrashRecoveryNamespaceTest
{
    @TempDir
    Path stateDir;

    NetnsTestBed bed;

    @BeforeEach
    void setUp()
    {
        assumeTrue(NetnsTestBed.isSupported(), NetnsTestBed.SKIP_REASON);
        assumeTrue(NamespaceNft.available(), "needs nft (nftables) installed");
        bed = NetnsTestBed.create();
    }

    @AfterEach
    void tearDown()
    {
        if (null != bed)
        {
            bed.close();
        }
    }

    @Test
    void shouldRemoveBlocksOfKilledProcessOnNextStart() throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            CrashingAgent.class.getName(), stateDir.toString()));
        final Process child = bed.start(bed.rxNamespace(), command);
        final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        final String line = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return out.readLine();
            }
            catch (final Exception ex)
            {
                return "read failed: " + ex;
            }
        }).get(60, TimeUnit.SECONDS);
        assertEquals("APPLIED", line);
        assertTrue(NamespaceNft.listTable(bed).contains("198.18.200.1"));

        child.destroyForcibly(); // SIGKILL: no shutdown path runs
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(NamespaceNft.listTable(bed).contains("198.18.200.1"), "the block outlives the process");
        assertEquals(1, new MitigationStateFile(stateDir).read().size());

        final MitigationEngine restarted = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of()), new Safelist(List.of()),
            List.of(new NftDropSources(NamespaceNft.runner(bed))), new MitigationStateFile(stateDir),
            System::currentTimeMillis);
        try
        {
            restarted.start();
        }
        finally
        {
            restarted.halt();
        }

        assertFalse(NamespaceNft.ruleset(bed).contains("ftagent"), NamespaceNft.ruleset(bed));
        assertTrue(new MitigationStateFile(stateDir).read().isEmpty());
        assertEquals(1, restarted.counters().reconciled());
    }
}
