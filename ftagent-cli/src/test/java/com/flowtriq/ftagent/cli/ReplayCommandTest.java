package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReplayCommandTest
{
    @TempDir
    Path directory;

    @Test
    void shouldPrintOneJsonObjectPerEventAndASummary()
    {
        final Path capture = realCapture("stopddos_pkt.TCP.synflood.spoofed.pcap");
        final String[] result = execute("replay", capture.toString());
        assertEquals("0", result[0], result[2]);
        final String[] lines = result[1].strip().split("\n");
        assertEquals(2, lines.length, result[1]);
        assertTrue(lines[0].startsWith("{\"incident_id\":\"l3l4-") && lines[0].contains("\"event\":\"open\""));
        assertTrue(lines[1].contains("\"event\":\"resolve\""), lines[1]);
        assertTrue(result[2].contains("37,841 packets, 23.7 s of traffic"), result[2]);
    }

    @Test
    void shouldExitWithAClearMessageOnAMissingOrForeignFile() throws Exception
    {
        final String[] missing = execute("replay", directory.resolve("none.pcap").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("no such file"), missing[2]);

        final Path text = directory.resolve("notes.pcap");
        Files.writeString(text, "this is not a capture file\n");
        final String[] foreign = execute("replay", text.toString());
        assertEquals("1", foreign[0]);
        assertTrue(foreign[2].contains("not a pcap or pcapng file"), foreign[2]);
    }

    @Test
    void shouldRefuseABadConfigNamingTheKey() throws Exception
    {
        final Path config = directory.resolve("config.json");
        Files.writeString(config, "{\"attack_confirm_seconds\": -1}");
        final String[] result = execute("replay", "--config", config.toString(),
            realCapture("ndpi_netflix_benign.pcap").toString());
        assertEquals("2", result[0]);
        assertTrue(result[2].contains("attack_confirm_seconds"), result[2]);
    }

    private static Path realCapture(final String name)
    {
        final String root = System.getProperty("ftagent.repo.root");
        final Path file = root == null ? null : Path.of(root, "..", "shared", "realdata", "pcaps", name).normalize();
        assumeTrue(file != null && Files.isRegularFile(file), "real capture " + name + " not found");
        return file;
    }

    /** @return exit code, stdout, stderr. */
    private static String[] execute(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        final int exitCode = command.execute(args);
        return new String[]{ Integer.toString(exitCode), out.toString(), err.toString() };
    }
}
