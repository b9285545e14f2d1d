package com.flowtriq.ftagent.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapRetentionTest
{
    private static final long NOW_NANOS = TimeUnit.DAYS.toNanos(20_000);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private static final long NO_SIZE_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path directory;

    /** An incident file as the writer makes it (mode 0600), of {@code size} bytes, modified {@code ageNanos} ago. */
    private Path incidentFile(final String incidentId, final int size, final long ageNanos) throws IOException
    {
        final Path file = directory.resolve(PcapIncidentFileName.of(incidentId, NOW_NANOS - ageNanos));
        try (PcapFileWriter writer = PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535))
        {
            final int frameLength =
                size - PcapFileDescriptor.FILE_HEADER_LENGTH - PcapFileDescriptor.RECORD_HEADER_LENGTH;
            writer.write(new byte[frameLength], frameLength, frameLength, 0);
        }
        assertEquals(size, Files.size(file));
        age(file, ageNanos);
        return file;
    }

    private static void age(final Path file, final long ageNanos) throws IOException
    {
        Files.setLastModifiedTime(file, FileTime.from(NOW_NANOS - ageNanos, TimeUnit.NANOSECONDS));
    }

    private List<String> remaining() throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldDeleteIncidentFilesOlderThanTheRetentionAge() throws IOException
    {
        final Path old = incidentFile("old", 1000, 8 * DAY);
        final Path older = incidentFile("older", 1000, 30 * DAY);
        final Path recent = incidentFile("recent", 1000, 6 * DAY);
        final PcapRetention retention = new PcapRetention(directory, 7 * DAY, NO_SIZE_LIMIT, 0);

        assertEquals(2, retention.enforce(NOW_NANOS, null));

        assertFalse(Files.exists(old));
        assertFalse(Files.exists(older));
        assertTrue(Files.exists(recent));
        assertEquals(2, retention.deletedForAge());
        assertEquals(1, retention.keptFiles());
    }

    @Test
    void shouldDeleteOldestFilesUntilTheTotalIsUnderTheDiskLimit() throws IOException
    {
        final Path first = incidentFile("a", 1000, 5 * DAY);
        final Path second = incidentFile("b", 1000, 4 * DAY);
        final Path third = incidentFile("c", 1000, 3 * DAY);
        final Path fourth = incidentFile("d", 1000, 2 * DAY);
        final PcapRetention retention = new PcapRetention(directory, 7 * DAY, 2500, 0);

        assertEquals(2, retention.enforce(NOW_NANOS, null));

        assertFalse(Files.exists(first));
        assertFalse(Files.exists(second));
        assertTrue(Files.exists(third));
        assertTrue(Files.exists(fourth));
        assertEquals(2, retention.deletedForSize());
        assertEquals(2000, retention.keptBytes());
    }

    @Test
    void shouldDeleteOldestFilesBeyondTheFileLimit() throws IOException
    {
        // Modification time decides, not the name.
        final Path newest = incidentFile("a", 500, DAY);
        final Path oldest = incidentFile("z", 500, 3 * DAY);
        final Path middle = incidentFile("m", 500, 2 * DAY);
        final PcapRetention retention = new PcapRetention(directory, 7 * DAY, NO_SIZE_LIMIT, 2);

        assertEquals(1, retention.enforce(NOW_NANOS, null));

        assertFalse(Files.exists(oldest));
        assertTrue(Files.exists(middle));
        assertTrue(Files.exists(newest));
        assertEquals(1, retention.deletedForCount());
    }

    @Test
    void shouldNeverDeleteFilesItDidNotWriteOrTheFileInProgress() throws IOException
    {
        final long ancient = 100 * DAY;
        // Not our name.
        final Path notes = Files.writeString(directory.resolve("notes.txt"), "keep me");
        final Path otherCapture = Files.writeString(directory.resolve("capture.pcap"), "x");
        age(notes, ancient);
        age(otherCapture, ancient);
        // Our name but another mode: someone else's file.
        final Path foreignMode = Files.writeString(directory.resolve(PcapIncidentFileName.of("x", 0)), "x");
        Files.setPosixFilePermissions(foreignMode, PosixFilePermissions.fromString("rw-r--r--"));
        age(foreignMode, ancient);
        // Our name on a directory and on a symbolic link to a file elsewhere.
        final Path outside = Files.createTempFile("pcap-retention-target", ".pcap");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
        final Path link = Files.createSymbolicLink(directory.resolve(PcapIncidentFileName.of("link", 0)), outside);
        final Path subdirectory = Files.createDirectory(directory.resolve(PcapIncidentFileName.of("dir", 0)));
        age(subdirectory, ancient);
        final Path inProgress = incidentFile("current", 1000, ancient);
        final Path ours = incidentFile("ours", 1000, ancient);
        try
        {
            final PcapRetention retention = new PcapRetention(directory, DAY, 0, 1);

            assertEquals(1, retention.enforce(NOW_NANOS, inProgress));

            assertFalse(Files.exists(ours));
            for (final Path kept : List.of(notes, otherCapture, foreignMode, subdirectory, inProgress))
            {
                assertTrue(Files.exists(kept, LinkOption.NOFOLLOW_LINKS), kept + " was deleted");
            }
            assertTrue(Files.isSymbolicLink(link));
            assertTrue(Files.exists(outside));
            assertEquals(0, retention.keptFiles());
        }
        finally
        {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void shouldDoNothingWhenTheDirectoryDoesNotExist()
    {
        final PcapRetention retention = new PcapRetention(directory.resolve("absent"), DAY, 0, 1);
        assertEquals(0, retention.enforce(NOW_NANOS, null));
        assertEquals(0, retention.deleteFailures());
    }

    @Test
    void shouldMatchOnlyNamesOfTheIncidentFilePattern()
    {
        assertEquals("inc-42_20231114T221320Z.pcap", PcapIncidentFileName.of("inc-42", 1_700_000_000_000_000_000L));
        assertEquals("_.._etc_passwd_19700101T000000Z.pcap", PcapIncidentFileName.of("/../etc/passwd", 0));
        assertTrue(PcapIncidentFileName.matches(PcapIncidentFileName.of("/../etc/passwd", 0)));
        assertFalse(PcapIncidentFileName.matches("inc-42_20231114T221320Z.pcap.part"));
        assertFalse(PcapIncidentFileName.matches(".hidden_20231114T221320Z.pcap"));
        assertFalse(PcapIncidentFileName.matches("inc 42_20231114T221320Z.pcap"));
    }
}
