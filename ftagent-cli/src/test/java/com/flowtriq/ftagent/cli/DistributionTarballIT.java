package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tarball {@code ./mvnw package} builds: its entries, then {@code install.sh} from it into a temp prefix (twice,
 * to show it is idempotent) and the installed launcher run through its symlink. Runs in the {@code verify} phase
 * (surefire execution {@code package-tests}), after {@code package}.
 */
class DistributionTarballIT
{
    private static final Path TARGET = Path.of(System.getProperty("ftagent.repo.root", ".."), "ftagent-cli", "target");

    private static Path tarball;
    private static String version;

    @BeforeAll
    static void findTarball() throws IOException
    {
        version = Version.current();
        tarball = TARGET.resolve("ftagent-" + version + ".tar.gz");
        if (!Files.isRegularFile(tarball))
        {
            if (Boolean.getBoolean("ftagent.tarball.built"))
            {
                fail(tarball + " not built by the package phase");
            }
            assumeTrue(false, "no " + tarball + ": run ./mvnw -pl ftagent-cli -am verify to build and test it");
        }
    }

    private static Result exec(final Map<String, String> env, final String... command) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output)
    {
    }

    @Test
    void shouldHoldTheLauncherJarConfigUnitInstallerAndReadme() throws Exception
    {
        final Result list = exec(Map.of(), "tar", "-tzvf", tarball.toString());
        assertEquals(0, list.exitCode(), list.output());
        final String base = "ftagent-" + version + "/";
        final List<String> names = new ArrayList<>();
        for (final String line : list.output().split("\n"))
        {
            final String[] fields = line.trim().split("\\s+");
            names.add(fields[fields.length - 1]);
            if (line.endsWith(base + "bin/ftagent") || line.endsWith(base + "install.sh"))
            {
                assertTrue(line.startsWith("-rwxr-xr-x"), "not executable: " + line);
            }
        }
        for (final String entry : List.of("bin/ftagent", "bin/find-jdk.sh", "lib/ftagent.jar", "config.example.json",
            "ftagent.service", "install.sh", "README.md"))
        {
            assertTrue(names.contains(base + entry), base + entry + " missing from:\n" + list.output());
        }
    }

    @Test
    void shouldInstallIdempotentlyAndRunThroughTheSymlink(@TempDir final Path dir) throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: install.sh refuses otherwise");
        assertEquals(0, exec(Map.of(), "tar", "-xzf", tarball.toString(), "-C", dir.toString()).exitCode());
        final Path unpacked = dir.resolve("ftagent-" + version);
        final Map<String, String> env = Map.of(
            "FTAGENT_PREFIX", dir.resolve("opt/ftagent").toString(), "FTAGENT_BINDIR", dir.resolve("bin").toString());

        for (int i = 0; i < 2; i++)
        {
            final Result install = exec(env, "sh", unpacked.resolve("install.sh").toString());
            assertEquals(0, install.exitCode(), "run " + (i + 1) + ": " + install.output());
        }
        final Path link = dir.resolve("bin/ftagent");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(dir.resolve("opt/ftagent/bin/ftagent"), Files.readSymbolicLink(link));
        assertTrue(Files.isRegularFile(dir.resolve("opt/ftagent/lib/ftagent.jar")));
        assertTrue(Files.isRegularFile(dir.resolve("opt/ftagent/share/ftagent.service")));

        final Result run = exec(Map.of(), link.toString(), "--version");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("ftagent " + version), run.output());
    }

    @Test
    void shouldRefuseToInstallWithoutRoot(@TempDir final Path dir) throws Exception
    {
        final Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "setpriv not installed: cannot run install.sh as another user");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to an unprivileged user");
        // The unprivileged user must be able to read the script (JUnit's temp dir is 0700).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(0, exec(Map.of(), "tar", "-xzf", tarball.toString(), "-C", dir.toString()).exitCode());
        final Path script = dir.resolve("ftagent-" + version).resolve("install.sh");
        final Result result = exec(Map.of("FTAGENT_PREFIX", dir.resolve("opt").toString()),
            setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups", "sh", script.toString());
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("must run as root"), result.output());
        assertFalse(Files.exists(dir.resolve("opt")));
    }
}
