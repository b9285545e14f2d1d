package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgvRunnerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPassShellMetacharactersAsPlainArgumentBytes() throws Exception
    {
        final Path marker = dir.resolve("pwned");
        final ArgvRunner runner = new ArgvRunner(List.of(), 10_000);
        final String hostile = "x; touch " + marker + " $(touch " + marker + ") `touch " + marker + "`";

        final CommandOutcome outcome = runner.run(List.of("/bin/echo", hostile));

        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(hostile + "\n", outcome.stdout());
        assertFalse(Files.exists(marker));
    }

    @Test
    void shouldCaptureExitStatusAndStderr()
    {
        final ArgvRunner runner = new ArgvRunner(List.of(), 10_000);

        final CommandOutcome outcome = runner.run(List.of("/bin/ls", "/nonexistent-ftagent-path"));

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.stderr().contains("nonexistent-ftagent-path"), outcome.stderr());
        assertFalse(outcome.succeeded());
    }

    @Test
    void shouldFeedStdinAndPutPrefixBeforeCommand()
    {
        final ArgvRunner runner = new ArgvRunner(List.of("/usr/bin/env"), 10_000);

        final CommandOutcome outcome = runner.run(List.of("cat"), "table inet x\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("/usr/bin/env", "cat"), outcome.argv());
        assertEquals("table inet x\n", outcome.stdout());
    }

    @Test
    void shouldKillCommandThatOutlivesItsTimeout()
    {
        final ArgvRunner runner = new ArgvRunner(List.of(), 200);

        final CommandOutcome outcome = runner.run(List.of("/bin/sleep", "30"));

        assertTrue(outcome.timedOut());
        assertEquals(-1, outcome.exitCode());
    }

    @Test
    void shouldReportMissingProgramWithoutThrowing()
    {
        final CommandOutcome outcome = new ArgvRunner(List.of(), 1000).run(List.of("/nonexistent/ftagent-nft"));

        assertEquals(-1, outcome.exitCode());
        assertTrue(outcome.stderr().startsWith("cannot run"), outcome.stderr());
    }

    @Test
    void shouldRefuseArgvWithNulOrEmptyProgram()
    {
        final ArgvRunner runner = new ArgvRunner(List.of(), 1000);
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("/bin/echo", "a\0b")));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("")));
    }
}
