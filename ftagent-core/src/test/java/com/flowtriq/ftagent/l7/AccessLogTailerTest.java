package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTailerTest
{
    private static final int RENAME_CREATE = 0;
    private static final int COPY_TRUNCATE = 1;
    private static final int DELETE_RECREATE = 2;

    @TempDir
    Path dir;

    /** Checks that lines arrive as seq=0, 1, 2, ... with none missing or repeated. */
    static final class SequenceChecker implements LineHandler
    {
        long expected;
        long outOfOrder;
        long lines;

        public void onLine(final DirectBuffer buffer, final int offset, final int length)
        {
            lines++;
            long seq = 0;
            int i = offset + 4;
            while (i < offset + length && buffer.getByte(i) != ' ')
            {
                seq = seq * 10 + (buffer.getByte(i) - '0');
                i++;
            }
            if (length < 5 || buffer.getByte(offset) != 's' || seq != expected)
            {
                outOfOrder++;
                expected = seq + 1;
            }
            else
            {
                expected++;
            }
        }
    }

    /** Appends numbered lines, sometimes in two writes with a poll between, as a busy server would. */
    static final class LineWriter
    {
        final Random random = new Random(42);
        FileChannel out;
        long nextSeq;

        LineWriter(final Path path) throws IOException
        {
            reopen(path);
        }

        void reopen(final Path path) throws IOException
        {
            if (out != null)
            {
                out.close();
            }
            out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }

        byte[] nextLine()
        {
            final StringBuilder line = new StringBuilder("seq=").append(nextSeq++).append(' ');
            final int padding = random.nextInt(90);
            for (int i = 0; i < padding; i++)
            {
                line.append((char)('a' + i % 26));
            }
            return line.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
        }

        void writeLines(final int count, final AccessLogTailer tailer) throws IOException
        {
            final ByteBuffer chunk = ByteBuffer.allocate(count * 110);
            for (int i = 0; i < count; i++)
            {
                final byte[] line = nextLine();
                if (i == count - 1 && random.nextInt(3) == 0)
                {
                    // Split the last line: the tailer sees a partial line and must wait for its newline.
                    final int cut = 1 + random.nextInt(line.length - 1);
                    chunk.put(line, 0, cut).flip();
                    writeFully(chunk);
                    chunk.clear();
                    if (tailer != null)
                    {
                        tailer.poll();
                    }
                    chunk.put(line, cut, line.length - cut);
                }
                else
                {
                    chunk.put(line);
                }
            }
            chunk.flip();
            writeFully(chunk);
        }

        void writeFully(final ByteBuffer chunk) throws IOException
        {
            while (chunk.hasRemaining())
            {
                out.write(chunk);
            }
        }
    }

    @Test
    void shouldDeliverEveryLineExactlyOnceAcrossRenameCopytruncateAndDeleteRotations() throws Exception
    {
        final Path log = dir.resolve("access.log");
        final Path rotated = dir.resolve("access.log.1");
        final LineWriter writer = new LineWriter(log);
        final SequenceChecker checker = new SequenceChecker();
        final long totalLines = 1_000_000;
        final long[] rotationsOfKind = new long[3];
        try (AccessLogTailer tailer = new AccessLogTailer(log, AccessLogTailer.DEFAULT_MAX_LINE_BYTES, false, checker))
        {
            int kind = 0;
            long nextRotation = 40_000;
            while (writer.nextSeq < totalLines)
            {
                final int batch = (int)Math.min(totalLines - writer.nextSeq, 1 + writer.random.nextInt(3000));
                writer.writeLines(batch, tailer);
                if (writer.random.nextBoolean())
                {
                    tailer.poll();
                }
                if (writer.nextSeq >= nextRotation && writer.nextSeq < totalLines)
                {
                    nextRotation += 40_000;
                    switch (kind)
                    {
                        case RENAME_CREATE ->
                        {
                            Files.move(log, rotated, StandardCopyOption.REPLACE_EXISTING);
                            // Like nginx before it reopens: a few more lines land in the renamed file.
                            writer.writeLines(1 + writer.random.nextInt(50), tailer);
                            writer.reopen(log);
                        }
                        case COPY_TRUNCATE ->
                        {
                            Files.copy(log, rotated, StandardCopyOption.REPLACE_EXISTING);
                            writer.out.truncate(0);
                        }
                        default ->
                        {
                            Files.delete(log);
                            writer.writeLines(1 + writer.random.nextInt(50), tailer);
                            writer.reopen(log);
                        }
                    }
                    rotationsOfKind[kind]++;
                    kind = (kind + 1) % 3;
                    // Lines written after the rotation and before the tailer looks.
                    writer.writeLines(1 + writer.random.nextInt(500), tailer);
                    tailer.poll();
                }
            }
            while (tailer.poll() > 0)
            {
                // Drain.
            }
            writer.out.close();

            assertEquals(totalLines, checker.lines);
            assertEquals(0, checker.outOfOrder);
            assertEquals(totalLines, checker.expected);
            assertEquals(rotationsOfKind[RENAME_CREATE] + rotationsOfKind[DELETE_RECREATE], tailer.rotations());
            assertEquals(rotationsOfKind[COPY_TRUNCATE], tailer.truncations());
            assertTrue(rotationsOfKind[COPY_TRUNCATE] >= 5, "rotations of each kind: " + rotationsOfKind[1]);
            assertEquals(0, tailer.oversizeLines());
        }
    }

    @Test
    void shouldFollowSymlinkSwapsWithoutLosingOrRepeatingLines() throws Exception
    {
        final Path log = dir.resolve("access.log");
        Path target = dir.resolve("access-0.log");
        Files.createFile(target);
        Files.createSymbolicLink(log, target);
        final LineWriter writer = new LineWriter(target);
        final SequenceChecker checker = new SequenceChecker();
        final int swaps = 10;
        try (AccessLogTailer tailer = new AccessLogTailer(log, AccessLogTailer.DEFAULT_MAX_LINE_BYTES, false, checker))
        {
            for (int swap = 1; swap <= swaps; swap++)
            {
                writer.writeLines(5_000, tailer);
                tailer.poll();
                writer.writeLines(1_000, tailer);
                target = dir.resolve("access-" + swap + ".log");
                Files.createFile(target);
                final Path tmp = dir.resolve("access.log.tmp");
                Files.createSymbolicLink(tmp, target);
                Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                writer.reopen(target);
                writer.writeLines(700, tailer);
                tailer.poll();
            }
            while (tailer.poll() > 0)
            {
                // Drain.
            }
            assertEquals(swaps * 6_700L, checker.lines);
            assertEquals(0, checker.outOfOrder);
            assertEquals(swaps, tailer.rotations());
        }
    }

    @Test
    void shouldSurviveMissingFileAndStartReadingWhenItAppears() throws Exception
    {
        final Path log = dir.resolve("later.log");
        final SequenceChecker checker = new SequenceChecker();
        try (AccessLogTailer tailer = new AccessLogTailer(log, 1024, true, checker))
        {
            assertEquals(0, tailer.poll());
            assertEquals(0, tailer.poll());
            assertEquals(2, tailer.missingPolls());

            // Everything in a file that appears after the start is new, even with startAtEnd.
            final LineWriter writer = new LineWriter(log);
            writer.writeLines(100, tailer);
            while (tailer.poll() > 0)
            {
                // Drain.
            }
            assertEquals(100, checker.lines);
            assertEquals(0, checker.outOfOrder);

            // Deleted and not recreated: keep following the open file, count the missing path, throw nothing.
            Files.delete(log);
            writer.writeLines(10, tailer);
            tailer.poll();
            assertEquals(110, checker.lines);
            assertTrue(tailer.missingPolls() >= 3);
            writer.out.close();
        }
    }

    @Test
    void shouldStartAtEndOfExistingFileOnFirstStart() throws Exception
    {
        final Path log = dir.resolve("existing.log");
        final LineWriter writer = new LineWriter(log);
        final SequenceChecker checker = new SequenceChecker();
        try (AccessLogTailer elsewhere = new AccessLogTailer(dir.resolve("unused.log"), 64, true, checker))
        {
            writer.writeLines(500, elsewhere);
        }
        try (AccessLogTailer tailer = new AccessLogTailer(log, 1024, true, checker))
        {
            tailer.poll();
            assertEquals(0, checker.lines);
            checker.expected = writer.nextSeq;
            writer.writeLines(20, tailer);
            tailer.poll();
            assertEquals(20, checker.lines);
            assertEquals(0, checker.outOfOrder);
        }
        writer.out.close();
    }

    @Test
    void shouldSkipAndCountLinesLongerThanTheCapIncludingOneMegabyteLine() throws Exception
    {
        final Path log = dir.resolve("huge.log");
        final SequenceChecker checker = new SequenceChecker();
        try (FileChannel out = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            AccessLogTailer tailer = new AccessLogTailer(log, AccessLogTailer.DEFAULT_MAX_LINE_BYTES, false, checker))
        {
            out.write(ByteBuffer.wrap("seq=0 a\n".getBytes(StandardCharsets.US_ASCII)));
            final byte[] huge = new byte[1024 * 1024];
            java.util.Arrays.fill(huge, (byte)'x');
            // Written in pieces with polls between, so the tailer meets it while it grows.
            for (int i = 0; i < 16; i++)
            {
                out.write(ByteBuffer.wrap(huge, i * 65_536, 65_536));
                tailer.poll();
            }
            out.write(ByteBuffer.wrap("\nseq=1 b\n".getBytes(StandardCharsets.US_ASCII)));
            out.write(ByteBuffer.wrap(huge));
            out.write(ByteBuffer.wrap("\nseq=2 c\n".getBytes(StandardCharsets.US_ASCII)));
            while (tailer.poll() > 0)
            {
                // Drain.
            }
            assertEquals(3, checker.lines);
            assertEquals(0, checker.outOfOrder);
            assertEquals(2, tailer.oversizeLines());
        }
    }

    @Test
    void shouldSkipAndCountALineOverTheCapThatArrivesWholeInOneRead() throws Exception
    {
        final Path log = dir.resolve("whole.log");
        Files.writeString(log, "seq=0 a\n" + "x".repeat(1000) + "\nseq=1 b\n", StandardCharsets.US_ASCII);
        final SequenceChecker checker = new SequenceChecker();
        try (AccessLogTailer tailer = new AccessLogTailer(log, 256, false, checker))
        {
            tailer.poll();
            assertEquals(2, checker.lines);
            assertEquals(0, checker.outOfOrder);
            assertEquals(1, tailer.oversizeLines());
            assertEquals(3, tailer.linesDelivered() + tailer.oversizeLines());
        }
    }

    @Test
    void shouldSkipAllOfATooLongLineWhenResumedFromACheckpointTakenWhileSkippingIt() throws Exception
    {
        final Path log = dir.resolve("long.log");
        Files.writeString(log, "seq=0 a\n" + "x".repeat(100_000), StandardCharsets.US_ASCII);
        final SequenceChecker before = new SequenceChecker();
        final TailerCheckpoint checkpoint;
        try (AccessLogTailer tailer = new AccessLogTailer(log, 256, false, before))
        {
            tailer.poll();
            assertEquals(1, before.lines);
            assertEquals(1, tailer.oversizeLines());
            checkpoint = TailerCheckpoint.of(tailer);
        }
        assertEquals(8, checkpoint.offset(), "the start of the line being skipped");
        Files.writeString(log, "x".repeat(10) + "\nseq=1 b\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        final SequenceChecker after = new SequenceChecker();
        after.expected = 1;
        try (AccessLogTailer tailer = new AccessLogTailer(log, 256, true, after))
        {
            checkpoint.applyTo(tailer);
            tailer.poll();
            assertEquals(1, after.lines, "only seq=1: the tail of the long line is not a line");
            assertEquals(0, after.outOfOrder);
            assertEquals(1, tailer.oversizeLines());
        }
    }

    @Test
    void shouldResumeFromSavedOffsetAfterRestartIncludingRenameWhileDown() throws Exception
    {
        final Path log = dir.resolve("resume.log");
        final LineWriter writer = new LineWriter(log);
        final SequenceChecker checker = new SequenceChecker();
        long device;
        long inode;
        long fingerprint;
        int fingerprintLength;
        long offset;
        try (AccessLogTailer first = new AccessLogTailer(log, 1024, false, checker))
        {
            writer.writeLines(100, first);
            first.poll();
            // A partial line at shutdown must be read again by the next run, not lost.
            writer.out.write(ByteBuffer.wrap("seq=100 par".getBytes(StandardCharsets.US_ASCII)));
            first.poll();
            device = first.device();
            inode = first.inode();
            fingerprint = first.fingerprint();
            fingerprintLength = first.fingerprintLength();
            offset = first.checkpointOffset();
        }
        assertEquals(100, checker.lines);
        writer.out.write(ByteBuffer.wrap("tial\n".getBytes(StandardCharsets.US_ASCII)));
        writer.nextSeq = 101;
        writer.writeLines(50, null);
        try (AccessLogTailer second = new AccessLogTailer(log, 1024, true, checker))
        {
            second.resumeFrom(device, inode, fingerprint, fingerprintLength, offset);
            second.poll();
            assertEquals(151, checker.lines);
            assertEquals(0, checker.outOfOrder);
            device = second.device();
            inode = second.inode();
            fingerprint = second.fingerprint();
            fingerprintLength = second.fingerprintLength();
            offset = second.checkpointOffset();
        }

        // Down while the log is rotated by rename: the rest of the old file, then the new one.
        writer.writeLines(10, null);
        Files.move(log, dir.resolve("resume.log.1"));
        writer.reopen(log);
        writer.writeLines(20, null);
        try (AccessLogTailer third = new AccessLogTailer(log, 1024, true, checker))
        {
            third.resumeFrom(device, inode, fingerprint, fingerprintLength, offset);
            third.poll();
            assertEquals(181, checker.lines);
            assertEquals(0, checker.outOfOrder);
            assertEquals(1, third.rotations());
        }
        writer.out.close();
    }

    @Test
    void shouldReadFromStartWhenSavedFileWasReplacedWithDifferentContent() throws Exception
    {
        final Path log = dir.resolve("replaced.log");
        final SequenceChecker checker = new SequenceChecker();
        Files.writeString(log, "seq=0 old content that is long enough to fill the fingerprint window .......\n");
        long device;
        long inode;
        long fingerprint;
        int fingerprintLength;
        long offset;
        try (AccessLogTailer first = new AccessLogTailer(log, 1024, false, checker))
        {
            first.poll();
            device = first.device();
            inode = first.inode();
            fingerprint = first.fingerprint();
            fingerprintLength = first.fingerprintLength();
            offset = first.checkpointOffset();
        }
        // Same inode, truncated and rewritten while down (copytruncate with nobody reading the copy).
        try (FileChannel out = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            out.write(ByteBuffer.wrap(("seq=1 new content, different from the first sixty-four bytes before it....\n" +
                "seq=2 x\n").getBytes(StandardCharsets.US_ASCII)));
        }
        try (AccessLogTailer second = new AccessLogTailer(log, 1024, true, checker))
        {
            second.resumeFrom(device, inode, fingerprint, fingerprintLength, offset);
            second.poll();
        }
        assertEquals(3, checker.lines);
        assertEquals(0, checker.outOfOrder);
    }
}
