package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.testbed.FrameSender;
import com.flowtriq.ftagent.testbed.NetnsTestBed;
import com.flowtriq.ftagent.testbed.NetnsTestBedExtension;
import com.flowtriq.ftagent.testbed.TestFrames;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ftagent bench} end to end on a veth pair between two namespaces the test creates: the command captures in
 * the rx namespace while the test sends fixed-size frames from the tx namespace for the whole capture window.
 */
class BenchCommandTest
{
    private static final int FRAME_LENGTH = 128;

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.plain();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReportTheFramesSentDuringTheWindowAsJson() throws Exception
    {
        assertBenchCounts("--source", "afpacket", "--threads", "2");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReportTheFramesSentDuringTheWindowThroughLibpcap() throws Exception
    {
        assertBenchCounts("--source", "pcap");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldDecodeAndCountWhenAskedForCountWorkers() throws Exception
    {
        final Run run = bench(List.of("--count-workers", "2"));
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("decode+count    2 worker(s), 0 records dropped"), run.out);
        assertTrue(run.out.contains("0 malformed"), run.out);
        assertLiveLines(run.out);
        for (final String summary : List.of("packets ", "throughput ", "kernel drops ", "s per million packets",
            "batch walk time p50"))
        {
            assertTrue(run.out.contains(summary), summary + " missing from the summary:\n" + run.out);
        }
    }

    /** One line for each of the 3 seconds, each with every figure of the summary. */
    private static void assertLiveLines(final String text)
    {
        final java.util.regex.Pattern line = java.util.regex.Pattern.compile(
            "(?m)^ +[123] s +[\\d,]+ pps +[\\d.]+ Mbit/s +drops +[\\d,]+ \\([\\d.]+%\\) +cpu ([\\d.]+|-) s/Mpkt +" +
            "batch p50 [\\d.]+ p99 [\\d.]+ max [\\d.]+ us \\([\\d,]+\\)$");
        assertEquals(3, line.matcher(text).results().count(), "a line for each second expected in:\n" + text);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRunEveryFrameThroughThePcapTapWithoutWritingAFile() throws Exception
    {
        assertBenchCounts("--pcap-tap");
        final Run run = bench(List.of("--pcap-tap"));
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("pcap tap        pre-attack ring of 1000 packets per capture thread"), run.out);
        assertFalse(java.nio.file.Files.exists(
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "ftagent-bench-pcap-unused")),
            "no incident, so no capture directory");
    }

    @Test
    void shouldListTheInterfacesThatExistWhenTheInterfaceIsUnknown() throws Exception
    {
        final Run run = bed.get().callInRx(() -> execute("bench", "--iface", "nosuch0", "--seconds", "1"));
        assertEquals(1, run.exitCode);
        assertTrue(run.err.contains("nosuch0") && run.err.contains(bed.get().rxInterface()), run.err);
    }

    @Test
    void shouldRejectOutOfRangeArgumentsNamingTheOption()
    {
        final Run threads = execute("bench", "--iface", "lo", "--threads", "0");
        assertEquals(2, threads.exitCode);
        assertTrue(threads.err.contains("--threads must be 1..64, got 0"), threads.err);

        final Run mode = execute("bench", "--iface", "lo", "--threads", "2", "--fanout-mode", "spray");
        assertEquals(2, mode.exitCode);
        assertTrue(mode.err.contains("--fanout-mode must be one of hash, lb"), mode.err);
    }

    private void assertBenchCounts(final String... options) throws Exception
    {
        final List<String> args = new java.util.ArrayList<>(List.of(options));
        args.add("--json");
        final Run run = bench(args);
        assertEquals(0, run.exitCode, run.err);
        final Map<String, Double> summary = parseNumbers(run.out);
        final long packets = summary.get("packets").longValue();
        assertTrue(packets > 0, "the bench saw no frame: " + run.out);
        assertTrue(packets <= run.framesSent, packets + " captured but only " + run.framesSent + " sent");
        assertEquals(packets * FRAME_LENGTH, summary.get("bytes").longValue(), "every frame is " + FRAME_LENGTH);
        assertEquals(0, summary.get("kernel_drops").longValue());
        assertTrue(summary.get("cpu_seconds_per_million_packets") > 0);
        assertTrue(summary.get("batch_walk_micros.count") > 0);
        assertTrue(summary.get("drop_percent") >= 0 && summary.get("mbit_per_second") > 0, run.out);
        // stdout is the JSON object alone; the live lines went to stderr
        assertLiveLines(run.err);
    }

    /** Runs the bench for 3 s in the rx namespace while frames flow from tx for all of that time. */
    private Run bench(final List<String> options) throws Exception
    {
        final AtomicBoolean sending = new AtomicBoolean(true);
        final AtomicLong sent = new AtomicLong();
        final List<byte[]> frames = List.of(
            TestFrames.udp(bed.get(), 1, FRAME_LENGTH), TestFrames.udp(bed.get(), 2, FRAME_LENGTH),
            TestFrames.udp(bed.get(), 3, FRAME_LENGTH), TestFrames.udp(bed.get(), 4, FRAME_LENGTH));
        final Thread sender = NetnsTestBed.startThread(bed.get().txNamespace(), "bench-test-sender", () ->
        {
            try (FrameSender out = FrameSender.open(bed.get().txInterface()))
            {
                // Bounded in time and count; about 4,000 frames/s, far below what the veth carries.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int i = 0; i < 240_000 && sending.get() && System.nanoTime() < deadline; i++)
                {
                    sent.addAndGet(out.send(frames));
                    Thread.sleep(1);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        try
        {
            final String[] args = new String[4 + options.size()];
            args[0] = "bench";
            args[1] = "--iface";
            args[2] = bed.get().rxInterface();
            args[3] = "--seconds=3";
            for (int i = 0; i < options.size(); i++)
            {
                args[4 + i] = options.get(i);
            }
            final Run run = bed.get().callInRx(() -> execute(args));
            sending.set(false);
            sender.join();
            run.framesSent = sent.get();
            return run;
        }
        finally
        {
            sending.set(false);
            sender.join();
        }
    }

    private static Run execute(final String... args)
    {
        final CommandRun run = CommandRun.of(args);
        return new Run(run.exitCode(), run.out(), run.err());
    }

    /** Every number of the JSON summary by dotted path, e.g. {@code batch_walk_micros.count}. */
    private static Map<String, Double> parseNumbers(final String text) throws Exception
    {
        final Map<String, Double> numbers = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(text.strip()))
        {
            String prefix = "";
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null)
            {
                switch (token)
                {
                    case FIELD_NAME -> field = parser.currentName();
                    case START_OBJECT -> prefix = field == null ? "" : prefix + field + ".";
                    case END_OBJECT -> prefix = prefix.isEmpty() ? "" :
                        prefix.substring(0, prefix.lastIndexOf('.', prefix.length() - 2) + 1);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numbers.put(prefix + field, parser.getDoubleValue());
                    default ->
                    {
                    }
                }
            }
        }
        return numbers;
    }

    private static final class Run
    {
        final int exitCode;
        final String out;
        final String err;
        long framesSent;

        Run(final int exitCode, final String out, final String err)
        {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }
}
