package com.flowtriq.ftagent.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizeRotatingFileHandlerTest
{
    @TempDir
    Path directory;

    @Test
    void shouldWriteToTheNamedFileAndKeepTheNewestGenerationsWithoutLosingALine() throws Exception
    {
        final Path log = directory.resolve("ftagent.log");
        final SizeRotatingFileHandler handler = new SizeRotatingFileHandler(log, 1000, 2, new OperatorLog.OneLine());
        for (int i = 0; i < 100; i++)
        {
            final LogRecord record = new LogRecord(Level.INFO, "line " + i);
            record.setLoggerName("com.flowtriq.ftagent.test");
            handler.publish(record);
        }
        handler.close();

        assertTrue(Files.size(log) <= 1000, "the live file stays under the limit");
        assertTrue(Files.exists(directory.resolve("ftagent.log.1")));
        assertTrue(Files.exists(directory.resolve("ftagent.log.2")));
        assertFalse(Files.exists(directory.resolve("ftagent.log.3")), "only 2 rotated generations are kept");
        assertFalse(Files.exists(directory.resolve("ftagent.log.0")));

        final List<String> lines = new ArrayList<>();
        lines.addAll(Files.readAllLines(directory.resolve("ftagent.log.2")));
        lines.addAll(Files.readAllLines(directory.resolve("ftagent.log.1")));
        lines.addAll(Files.readAllLines(log));
        final int first = Integer.parseInt(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
        for (int i = 0; i < lines.size(); i++)
        {
            assertTrue(lines.get(i).endsWith("INFO test: line " + (first + i)), lines.get(i));
        }
        assertEquals(99, first + lines.size() - 1, "the newest line is last, none missing in between");
    }
}
