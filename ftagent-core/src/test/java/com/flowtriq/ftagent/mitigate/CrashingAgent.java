package com.flowtriq.ftagent.mitigate;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process for the crash test: run inside the rx namespace, it applies one nft block, prints APPLIED and
 * then waits to be killed with SIGKILL (no shutdown hook, no revert).
 */
public final class CrashingAgent
{
    private CrashingAgent()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final RuleSpec rule = new RuleSpec(List.of(), List.of(), 0, 0, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, 10, 0);
        final MitigationEngine engine = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of(rule)), new Safelist(List.of()),
            List.of(new NftDropSources(new ArgvRunner(List.of(), 30_000))),
            new MitigationStateFile(Path.of(args[0])), System::currentTimeMillis);
        engine.start();
        engine.onIncidentOpened(new IncidentView("crash-1", "tcp_flood", "syn", 1, 1,
            List.of("198.18.200.1", "198.18.200.2"), null, -1, null));
        engine.awaitIdle();
        System.out.println(engine.counters().applied() == 1 ? "APPLIED" : "FAILED " + engine.counters());
        System.out.flush();
        Thread.sleep(120_000); // bounded: the test kills it long before
    }
}
