package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/ftagent} (with {@code bin/find-jdk.sh}) run by {@code sh} in a fake source checkout: a stub
 * {@code mvnw} that records its call and creates the jar, and stub JDKs whose {@code java} prints how it was
 * called. So the JDK search, the rebuild of a missing or stale jar and the JVM flags are observed without a build.
 */
class LauncherScriptTest
{
    private static final Path BIN = Path.of(System.getProperty("ftagent.repo.root", ".."), "bin");

    @TempDir
    Path dir;

    private Path root;
    private Path jar;
    private Path source;

    @BeforeEach
    void createCheckout() throws IOException
    {
        root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("bin"));
        for (final String script : List.of("ftagent", "find-jdk.sh"))
        {
            Files.copy(BIN.resolve(script), root.resolve("bin").resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        source = root.resolve("ftagent-cli/src/main/java/Main.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Main {}\n");
        jar = root.resolve("ftagent-cli/target/ftagent.jar");
        executable(root.resolve("mvnw"), """
            #!/bin/sh
            echo "MVNW $*" >&2
            mkdir -p ftagent-cli/target && : > ftagent-cli/target/ftagent.jar
            """);
    }

    private static void executable(final Path file, final String text) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A JDK home whose release file says {@code version} and whose java prints its own path and arguments. */
    private Path stubJdk(final Path home, final String version) throws IOException
    {
        Files.createDirectories(home);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"stub\"\nJAVA_VERSION=\"" + version + "\"\n");
        executable(home.resolve("bin/java"), "#!/bin/sh\necho \"JAVA $0 $*\"\n");
        return home;
    }

    private String launch(final Map<String, String> env, final String... prefix) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(prefix));
        command.addAll(List.of("sh", root.resolve("bin/ftagent").toString(), "version"));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("FTAGENT_JAVA_OPTS");
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().putAll(env);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "launcher did not finish: " + output);
        return process.exitValue() + "\n" + output;
    }

    @Test
    void shouldBuildAMissingJarThenRunItWithTheJvmFlagsAndTheSmallHeap() throws Exception
    {
        final Path jdk = stubJdk(dir.resolve("jdk99"), "99.0.1");

        final String output = launch(Map.of("JAVA_HOME", jdk.toString()));

        assertTrue(output.startsWith("0\n"), output);
        assertTrue(output.contains("ftagent: building " + jar + " (missing)"), output);
        assertTrue(output.contains("MVNW -B -q -DskipTests -pl ftagent-cli -am package"), output);
        final String java = output.lines().filter(line -> line.startsWith("JAVA ")).findFirst().orElse("");
        assertTrue(java.startsWith("JAVA " + jdk.resolve("bin/java") + " "), output);
        assertTrue(java.contains("--enable-native-access=ALL-UNNAMED"), java);
        assertTrue(java.contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), java);
        assertTrue(java.contains("-Xmx256m"), java);
        assertTrue(java.endsWith("-jar " + jar + " version"), java);
        assertFalse(output.contains("libpcap not found"), "libpcap is installed here: " + output);
    }

    @Test
    void shouldRebuildOnlyWhenASourceIsNewerThanTheJar() throws Exception
    {
        final Path jdk = stubJdk(dir.resolve("jdk99"), "99.0.1");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        final long now = System.currentTimeMillis();
        Files.setLastModifiedTime(source, FileTime.fromMillis(now - 60_000));
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.fromMillis(now - 60_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 30_000));

        final String fresh = launch(Map.of("JAVA_HOME", jdk.toString()));
        assertTrue(fresh.startsWith("0\n"), fresh);
        assertFalse(fresh.contains("MVNW"), "rebuilt an up-to-date jar: " + fresh);

        Files.setLastModifiedTime(source, FileTime.fromMillis(now));
        final String stale = launch(Map.of("JAVA_HOME", jdk.toString()));
        assertTrue(stale.contains("ftagent: building " + jar + " (older than the sources)"), stale);
        assertTrue(stale.contains("MVNW "), stale);
    }

    @Test
    void shouldPassOverAJavaHomeOlderThan25AndTakeTheNewestJdkFound() throws Exception
    {
        final Path old = stubJdk(dir.resolve("jdk21"), "21.0.4");
        final Path newest = stubJdk(dir.resolve("home/.jdks/stub-99"), "99.0.1");

        final String output = launch(Map.of("JAVA_HOME", old.toString()));

        assertTrue(output.startsWith("0\n"), output);
        assertTrue(output.contains("ftagent: JAVA_HOME=" + old + " is Java 21; need 25 or newer, searching for one"),
            output);
        assertTrue(output.contains("JAVA " + newest.resolve("bin/java") + " "), output);
    }

    @Test
    void shouldSayHowToGetAJdkWhenNoJdk25OrNewerExists() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: hides the host's JDKs in a mount namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
        final Path old = stubJdk(dir.resolve("jdk21"), "21.0.4");
        // The host's JDK folders hidden under empty tmpfs mounts, in a mount namespace of this command only.
        final String hide = "for d in /usr/lib/jvm /usr/java /opt/java /usr/local/lib/jvm; do " +
            "if [ -d \"$d\" ]; then mount -t tmpfs ftagent-test \"$d\" || exit 9; fi; done; exec \"$@\"";

        final String output = launch(Map.of("JAVA_HOME", old.toString(), "PATH", "/usr/bin:/bin"),
            "unshare", "--mount", "--propagation", "private", "sh", "-c", hide, "hide");

        assertTrue(output.startsWith("1\n"), output);
        assertTrue(output.contains("ftagent: no JDK 25 or newer found"), output);
        assertTrue(output.contains("set JAVA_HOME"), output);
        assertFalse(output.contains("JAVA "), "ran a JVM: " + output);
        assertFalse(output.contains("MVNW"), "built without a JDK: " + output);
    }

    @Test
    void shouldSayHowToInstallLibpcapWhenNoneIsFoundAndStillStart() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: hides libpcap in a mount namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
        final Path jdk = stubJdk(dir.resolve("jdk99"), "99.0.1");
        final Path scratch = dir.resolve("overlays");
        Files.createDirectories(scratch);
        // Every libpcap.so* the launcher globs for is hidden by an overlay whiteout, and ld.so.cache is emptied so
        // that ldconfig -p does not list it either; the rest of each library folder stays as it is.
        final String hide = "set -e; s=$1; shift; mount -t tmpfs ftagent-test \"$s\"; n=0; " +
            "for d in /usr/lib/*/ /usr/lib/ /usr/lib64/; do [ -d \"$d\" ] || continue; n=$((n+1)); " +
            "mkdir -p \"$s/u$n\" \"$s/w$n\"; hidden=; " +
            "for f in \"$d\"libpcap.so*; do [ -e \"$f\" ] || continue; mknod \"$s/u$n/${f##*/}\" c 0 0; hidden=1; done; " +
            "if [ -n \"$hidden\" ]; then mount -t overlay overlay " +
            "-o \"lowerdir=$d,upperdir=$s/u$n,workdir=$s/w$n\" \"$d\"; fi; done; " +
            ": > \"$s/ld.so.cache\"; mount --bind \"$s/ld.so.cache\" /etc/ld.so.cache; exec \"$@\"";

        final String output = launch(Map.of("JAVA_HOME", jdk.toString()),
            "unshare", "--mount", "--propagation", "private", "sh", "-c", hide, "hide", scratch.toString());

        assertTrue(output.startsWith("0\n"), output);
        assertTrue(output.contains("ftagent: libpcap not found; live capture with the pcap source and pcap_* calls " +
            "will fail."), output);
        assertTrue(output.contains("apt-get install libpcap0.8"), output);
        assertTrue(output.contains("JAVA " + jdk.resolve("bin/java")), "the agent still starts: " + output);
    }

    @Test
    void shouldUseTheInstalledJarBesideBinWithoutBuilding() throws Exception
    {
        final Path jdk = stubJdk(dir.resolve("jdk99"), "99.0.1");
        final Path installed = dir.resolve("opt/ftagent");
        Files.createDirectories(installed.resolve("lib"));
        Files.copy(root.resolve("bin"), installed.resolve("bin"));
        for (final String script : List.of("ftagent", "find-jdk.sh"))
        {
            Files.copy(root.resolve("bin").resolve(script), installed.resolve("bin").resolve(script),
                StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(installed.resolve("lib/ftagent.jar"), "");
        root = installed;

        final String output = launch(Map.of("JAVA_HOME", jdk.toString(), "FTAGENT_JAVA_OPTS", "-Xmx64m"));

        assertTrue(output.startsWith("0\n"), output);
        assertFalse(output.contains("MVNW") || output.contains("building"), output);
        final String java = output.lines().filter(line -> line.startsWith("JAVA ")).findFirst().orElse("");
        assertTrue(java.endsWith("-Xmx64m -jar " + installed.resolve("lib/ftagent.jar") + " version"), java);
        assertEquals(-1, java.indexOf("-Xmx256m"), java);
    }
}
