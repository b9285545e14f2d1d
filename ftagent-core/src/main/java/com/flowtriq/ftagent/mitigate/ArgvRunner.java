package com.flowtriq.ftagent.mitigate;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program from an argv list, never through a shell: {@link ProcessBuilder} execs argv[0] directly, so
 * metacharacters in arguments are plain bytes. Each run has a timeout (the process is killed when it expires), a
 * minimal fixed environment, stdin fed from a byte array, and stdout/stderr captured through temporary files so a
 * chatty child cannot block on a full pipe.
 * <p>
 * An optional argv prefix is put before every command: tests use {@code ip netns exec <ns>} so firewall commands
 * act only inside their namespace.
 * <p>
 * Threading: stateless apart from configuration; {@link #run} may be called from any thread, and blocks.
 */
public final class ArgvRunner
{
    /** Most bytes of stdout or stderr kept in an outcome. */
    public static final int MAX_CAPTURE_BYTES = 16 * 1024;
    /** Longest single argument accepted; longer ones are refused before anything runs. */
    public static final int MAX_ARGUMENT_LENGTH = 4096;

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final List<String> prefix;
    private final long timeoutMillis;

    /**
     * @param prefix        argv put before every command (empty for none).
     * @param timeoutMillis how long a command may run before it is killed.
     */
    public ArgvRunner(final List<String> prefix, final long timeoutMillis)
    {
        if (timeoutMillis <= 0)
        {
            throw new IllegalArgumentException("timeoutMillis=" + timeoutMillis + " must be > 0");
        }
        this.prefix = List.copyOf(prefix);
        this.timeoutMillis = timeoutMillis;
    }

    public List<String> prefix()
    {
        return prefix;
    }

    /**
     * Runs {@code command} with empty stdin.
     */
    public CommandOutcome run(final List<String> command)
    {
        return run(command, null);
    }

    /**
     * Runs {@code command} (after the prefix) and waits for it or its timeout.
     *
     * @param command argv; argv[0] is the program, no element may be null, empty-program, or contain NUL.
     * @param stdin   bytes written to the child's stdin, or null.
     * @return the outcome; a command that cannot start has exit -1 and the reason in stderr. Never throws for a
     * failing command.
     * @throws IllegalArgumentException if the argv itself is malformed (caller bug).
     */
    public CommandOutcome run(final List<String> command, final byte[] stdin)
    {
        final List<String> argv = new ArrayList<>(prefix.size() + command.size());
        argv.addAll(prefix);
        argv.addAll(command);
        validate(command, argv);

        Path outFile = null;
        Path errFile = null;
        Process process = null;
        try
        {
            outFile = Files.createTempFile("ftagent-cmd", ".out");
            errFile = Files.createTempFile("ftagent-cmd", ".err");
            final ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile())
                .directory(new File("/"));
            final Map<String, String> environment = builder.environment();
            environment.clear();
            environment.put("PATH", PATH);
            environment.put("LC_ALL", "C");
            process = builder.start();
            try (OutputStream in = process.getOutputStream())
            {
                if (null != stdin)
                {
                    in.write(stdin);
                }
            }
            catch (final IOException ex)
            {
                // child exited without reading stdin; its exit status tells the rest
            }
            final boolean finished = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
            if (!finished)
            {
                process.destroyForcibly();
                process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
            }
            return new CommandOutcome(
                List.copyOf(argv), finished ? process.exitValue() : -1, !finished, read(outFile), read(errFile));
        }
        catch (final IOException ex)
        {
            return new CommandOutcome(List.copyOf(argv), -1, false, "", "cannot run: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandOutcome(List.copyOf(argv), -1, false, "", "interrupted");
        }
        finally
        {
            deleteQuietly(outFile);
            deleteQuietly(errFile);
        }
    }

    private static void validate(final List<String> command, final List<String> argv)
    {
        if (command.isEmpty() || null == command.get(0) || command.get(0).isEmpty())
        {
            throw new IllegalArgumentException("empty command");
        }
        for (final String argument : argv)
        {
            if (null == argument || argument.indexOf('\0') >= 0 || argument.length() > MAX_ARGUMENT_LENGTH)
            {
                throw new IllegalArgumentException("invalid argument " + Printable.quote(argument));
            }
        }
    }

    private static String read(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return new String(in.readNBytes(MAX_CAPTURE_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static void deleteQuietly(final Path file)
    {
        if (null != file)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignore)
            {
                // a temp file left behind is harmless
            }
        }
    }

    public String toString()
    {
        return "ArgvRunner{prefix=" + prefix + ", timeoutMillis=" + timeoutMillis + "}";
    }
}
