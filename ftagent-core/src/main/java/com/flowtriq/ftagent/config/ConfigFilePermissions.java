package com.flowtriq.ftagent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a config file holding secrets cannot be read by other users. A warning, not an error: the agent
 * still starts, but says what to run. Stateless; thread-safe.
 */
public final class ConfigFilePermissions
{
    private ConfigFilePermissions()
    {
    }

    /**
     * @param file        the config file.
     * @param secretPaths paths of the secret keys the file sets (empty: nothing to protect, no warning).
     * @return a warning if the file is readable by others (world) while holding secrets; empty otherwise, and also
     * when the file system has no POSIX permissions.
     */
    public static Optional<String> warning(final Path file, final List<String> secretPaths)
    {
        if (secretPaths.isEmpty())
        {
            return Optional.empty();
        }
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(file); // of the target: a symlink itself is always rwxrwxrwx
        }
        catch (final UnsupportedOperationException | IOException ex)
        {
            return Optional.empty();
        }
        if (!permissions.contains(PosixFilePermission.OTHERS_READ))
        {
            return Optional.empty();
        }
        return Optional.of("config file " + file + " is world-readable (" + PosixFilePermissions.toString(permissions) +
            ") but holds secrets (" + String.join(", ", secretPaths) + "); run: chmod 600 " + file);
    }
}
