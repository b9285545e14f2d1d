package com.flowtriq.ftagent.ffi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds {@code native-headers/} and compiles and runs {@code offsets.c} with gcc, for the tests.
 */
final class NativeHeaders
{
    private NativeHeaders()
    {
    }

    /** @return the native-headers directory, or null when it cannot be found. */
    static Path directory()
    {
        final List<Path> candidates = new ArrayList<>();
        final String root = System.getProperty("ftagent.repo.root");
        if (null != root && !root.isEmpty())
        {
            candidates.add(Path.of(root, "native-headers"));
        }
        candidates.add(Path.of("native-headers"));
        candidates.add(Path.of("..", "native-headers"));
        for (final Path candidate : candidates)
        {
            if (Files.isRegularFile(candidate.resolve("offsets.c")))
            {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** @return the gcc executable on PATH, or null. */
    static Path gcc()
    {
        final String path = System.getenv("PATH");
        if (null == path)
        {
            return null;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            final Path gcc = Path.of(dir, "gcc");
            if (Files.isExecutable(gcc))
            {
                return gcc;
            }
        }
        return null;
    }

    /** @return true when the libpcap development header is visible to gcc. */
    static boolean hasPcapHeader()
    {
        return Files.isRegularFile(Path.of("/usr/include/pcap/pcap.h")) ||
            Files.isRegularFile(Path.of("/usr/local/include/pcap/pcap.h"));
    }

    /**
     * Compiles offsets.c into {@code workDir} and returns its output lines.
     */
    static List<String> runOffsets(final Path gcc, final Path headers, final Path workDir, final List<String> defines)
        throws IOException, InterruptedException
    {
        final Path binary = workDir.resolve("offsets");
        final List<String> compile = new ArrayList<>(List.of(gcc.toString(), "-std=gnu11", "-Wall", "-Werror"));
        compile.addAll(defines);
        compile.addAll(List.of("-I", headers.toString(), "-o", binary.toString(), headers.resolve("offsets.c").toString()));
        final String compileOutput = run(compile);
        if (!Files.isExecutable(binary))
        {
            throw new IllegalStateException("gcc failed: " + compile + "\n" + compileOutput);
        }
        return run(List.of(binary.toString())).lines().toList();
    }

    private static String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (0 != process.exitValue())
        {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + command + "\n" + output);
        }
        return output;
    }
}
