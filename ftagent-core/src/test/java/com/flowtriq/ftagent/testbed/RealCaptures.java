package com.flowtriq.ftagent.testbed;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real captures, {@code <ftagent.repo.root>/../shared/realdata/pcaps} (see the README there for what each
 * holds and its packet count). Surefire sets {@code ftagent.repo.root}; a test skips, saying why, when the folder
 * is not beside the checkout.
 */
public final class RealCaptures
{
    private RealCaptures()
    {
    }

    /**
     * @param name a file name in {@code realdata/pcaps}.
     * @return its path; the calling test is skipped if it is absent.
     */
    public static Path pcap(final String name)
    {
        final String root = System.getProperty("ftagent.repo.root");
        final Path file = root == null ? null : Path.of(root, "..", "shared", "realdata", "pcaps", name).normalize();
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file),
            "real capture " + name + " not found: set ftagent.repo.root so that <root>/../shared/realdata exists");
        return file;
    }
}
