package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.config.LoggingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run}'s logging: one line per event to {@code log_file} and to stderr, at {@code log_level} and above. The
 * root logger's handlers and level are put back afterwards, as other tests of this JVM log through it.
 */
class OperatorLogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteOneLinePerEventAtTheConfiguredLevelToTheFileAndStderr() throws IOException
    {
        final Path logFile = dir.resolve("log/ftagent.log");
        final Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"log_file\": \"" + logFile + "\", \"log_level\": \"WARNING\"}\n");
        final LoggingConfig logging = ConfigLoader.load(config).orThrow().logging();

        final Logger root = Logger.getLogger("");
        final Handler[] handlers = root.getHandlers();
        final Level level = root.getLevel();
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try
        {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertNull(OperatorLog.configure(logging));
            final System.Logger logger = System.getLogger(OperatorLogTest.class.getName());
            logger.log(System.Logger.Level.INFO, "below the level");
            logger.log(System.Logger.Level.WARNING, "kept\nas one line");
            logger.log(System.Logger.Level.ERROR, "an error");
        }
        finally
        {
            for (final Handler handler : root.getHandlers())
            {
                root.removeHandler(handler);
                handler.close();
            }
            for (final Handler handler : handlers)
            {
                root.addHandler(handler);
            }
            root.setLevel(level);
            System.setErr(stderr);
        }

        final List<String> fileLines = Files.readAllLines(logFile);
        final List<String> stderrLines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, fileLines.size(), fileLines.toString());
        assertEquals(fileLines, stderrLines);
        assertTrue(fileLines.get(0).matches("\\S+Z WARNING agent\\.OperatorLogTest: kept as one line"), fileLines.get(0));
        assertTrue(fileLines.get(1).matches("\\S+Z ERROR agent\\.OperatorLogTest: an error"), fileLines.get(1));
    }
}
