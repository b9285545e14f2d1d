package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFileWriteTest
{
    @TempDir
    Path temp;

    @Test
    void shouldCreateTheDirectoryAndWriteOnlyTheGivenLengthOwnerOnly() throws IOException
    {
        final Path file = temp.resolve("state/sub/file.json");
        final byte[] bytes = "{\"a\":1}trailing".getBytes(StandardCharsets.US_ASCII);

        AtomicFileWrite.write(file, bytes, 7);

        assertEquals("{\"a\":1}", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(file.resolveSibling("file.json.tmp")));
    }

    @Test
    void shouldReplaceAnExistingFileAndALeftoverTemporaryFileWithOtherPermissions() throws IOException
    {
        final Path file = temp.resolve("file.json");
        Files.writeString(file, "old content, longer than the new");
        final Path leftover = temp.resolve("file.json.tmp");
        Files.writeString(leftover, "from a crash");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));

        final byte[] bytes = "new".getBytes(StandardCharsets.US_ASCII);
        AtomicFileWrite.write(file, bytes, bytes.length);

        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void shouldLeaveTheOldFileAndNoTemporaryFileWhenTheTargetCannotBeReplaced() throws IOException
    {
        final Path target = temp.resolve("a-directory");
        Files.createDirectories(target.resolve("not-empty"));

        final byte[] bytes = "new".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> AtomicFileWrite.write(target, bytes, bytes.length));

        assertFalse(Files.exists(temp.resolve("a-directory.tmp")));
        assertEquals(true, Files.isDirectory(target.resolve("not-empty")));
    }
}
