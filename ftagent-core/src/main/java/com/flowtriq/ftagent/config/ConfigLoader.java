package com.flowtriq.ftagent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the config file: reads it, validates it as a whole, checks its permissions, and returns either a config or
 * every problem at once. The caller (the CLI) refuses to start on any problem. Stateless; thread-safe.
 */
public final class ConfigLoader
{
    /** The default config path, as in the seed agent. */
    public static final Path DEFAULT_PATH = Path.of("/etc/ftagent/config.json");

    /** Larger files are refused unread: a config is a few KiB. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private ConfigLoader()
    {
    }

    /**
     * The outcome of loading a file.
     *
     * @param file         the file.
     * @param config       the config, or null if there are problems.
     * @param problems     every problem; empty when {@code config} is set.
     * @param warnings     things the operator should fix that do not stop the agent (permissions).
     * @param fromDefaults true if there was no file and the defaults are used.
     */
    public record Result(
        Path file, AgentConfig config, List<ConfigProblem> problems, List<String> warnings, boolean fromDefaults)
    {
        public boolean ok()
        {
            return null != config;
        }

        /**
         * @return the config.
         * @throws ConfigValidationException listing every problem, if there are any.
         */
        public AgentConfig orThrow()
        {
            if (null == config)
            {
                throw new ConfigValidationException(file.toString(), problems);
            }
            return config;
        }

        /**
         * @return a report for the operator: the problems one per line (or "OK"), then warnings.
         */
        public String report()
        {
            final StringBuilder sb = new StringBuilder();
            if (ok())
            {
                sb.append(file).append(fromDefaults ? ": no such file, using the defaults (local mode)" : ": OK");
            }
            else
            {
                sb.append(ConfigValidationException.render(file.toString(), problems));
            }
            for (final String warning : warnings)
            {
                sb.append("\nwarning: ").append(warning);
            }
            return sb.toString();
        }
    }

    /**
     * Loads a file that must exist.
     *
     * @param file the config file.
     * @return the config or every problem; never throws for bad content or an unreadable file.
     */
    public static Result load(final Path file)
    {
        return load(file, false);
    }

    /**
     * Loads a file, or gives the defaults when it does not exist (a fresh host: {@code ftagent run} with nothing
     * configured works in local mode).
     *
     * @param file the config file.
     * @return the config or every problem.
     */
    public static Result loadOrDefaults(final Path file)
    {
        return load(file, true);
    }

    private static Result load(final Path file, final boolean defaultsIfMissing)
    {
        final byte[] bytes;
        try
        {
            final long size = Files.size(file);
            if (size > MAX_FILE_BYTES)
            {
                return failed(file, "the file is " + size + " bytes; a config must be under " + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            if (defaultsIfMissing)
            {
                return new Result(file, AgentConfig.defaults(), List.of(), List.of(), true);
            }
            return failed(file, "no such file");
        }
        catch (final IOException ex)
        {
            return failed(file, "cannot read: " + ex);
        }

        final ConfigReader.Result read = ConfigReader.read(bytes);
        if (!read.ok())
        {
            return new Result(file, null, read.problems(), List.of(), false);
        }
        final AgentConfig config = AgentConfig.of(read.values());
        final List<String> warnings = new ArrayList<>();
        ConfigFilePermissions.warning(file, config.secretKeysSet()).ifPresent(warnings::add);
        return new Result(file, config, List.of(), List.copyOf(warnings), false);
    }

    private static Result failed(final Path file, final String detail)
    {
        return new Result(file, null, List.of(ConfigProblem.of("", detail)), List.of(), false);
    }
}
