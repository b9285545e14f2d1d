package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailerCheckpointFileTest
{
    @TempDir
    Path dir;

    private TailerCheckpointFile file()
    {
        return new TailerCheckpointFile(dir.resolve("state"), new JsonFactory());
    }

    @Test
    void shouldLoadWhatWasSavedWithPathsNeedingEscapes() throws Exception
    {
        final TailerCheckpoint plain = new TailerCheckpoint("/var/log/nginx/access.log", 2049, 123456789L,
            -4_233_117_123_456_789L, 64, 981_234);
        final TailerCheckpoint odd = new TailerCheckpoint("/tmp/we\"ird\\name\nlog", 7, 8, 0, 0, 0);
        file().save(List.of(plain, odd));

        final Map<String, TailerCheckpoint> loaded = file().load();

        assertEquals(Map.of(plain.path(), plain, odd.path(), odd), loaded);
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("state").resolve(TailerCheckpointFile.FILE_NAME))));
        assertFalse(Files.exists(dir.resolve("state").resolve(TailerCheckpointFile.FILE_NAME + ".tmp")));
    }

    @Test
    void shouldReplaceTheFileOnEverySave() throws Exception
    {
        file().save(List.of(new TailerCheckpoint("/a", 1, 2, 3, 4, 5)));
        file().save(List.of(new TailerCheckpoint("/b", 1, 2, 3, 4, 6)));

        assertEquals(Map.of("/b", new TailerCheckpoint("/b", 1, 2, 3, 4, 6)), file().load());
    }

    @Test
    void shouldTreatAMissingFileAsAFirstStart()
    {
        assertTrue(file().load().isEmpty());
    }

    @Test
    void shouldIgnoreCorruptContentWithoutThrowing() throws Exception
    {
        final Path state = Files.createDirectories(dir.resolve("state"));
        final Path checkpoint = state.resolve(TailerCheckpointFile.FILE_NAME);
        final byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++)
        {
            binary[i] = (byte)(i * 37);
        }
        Files.write(checkpoint, binary);
        assertTrue(file().load().isEmpty(), "binary noise");
        for (final String content : new String[] {
            "",
            "null",
            "[1,2]",
            "{\"version\":1,\"logs\":[{\"path\":\"/a\",\"device\":1,\"inode\":2,\"offset\":3",
            "{\"version\":2,\"logs\":[{\"path\":\"/a\",\"device\":1,\"inode\":2,\"fingerprint_length\":0," +
                "\"offset\":3}]}",
            "{\"version\":1}",
            "{\"version\":1,\"logs\":{}}",
            "{\"version\":1,\"logs\":[7]}",
            "{\"version\":1,\"logs\":[]} trailing",
            "{\"version\":\"1\",\"logs\":[]}"})
        {
            Files.writeString(checkpoint, content, StandardCharsets.UTF_8);
            assertTrue(file().load().isEmpty(), content);
        }
    }

    @Test
    void shouldSkipImpossibleEntriesAndKeepTheOthers() throws Exception
    {
        final Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve(TailerCheckpointFile.FILE_NAME), """
            {"version":1,"future":{"x":[1]},"logs":[
             {"path":"/negative","device":1,"inode":2,"fingerprint":3,"fingerprint_length":4,"offset":-5},
             {"path":"/long-print","device":1,"inode":2,"fingerprint":3,"fingerprint_length":65,"offset":100},
             {"device":1,"inode":2,"fingerprint":3,"fingerprint_length":4,"offset":100},
             {"path":"/good","device":1,"inode":2,"fingerprint":3,"fingerprint_length":4,"offset":100,"new":"x"}]}
            """, StandardCharsets.UTF_8);

        assertEquals(Map.of("/good", new TailerCheckpoint("/good", 1, 2, 3, 4, 100)), file().load());
    }
}
