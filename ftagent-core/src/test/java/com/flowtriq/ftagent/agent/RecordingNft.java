package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.mitigate.ArgvRunner;
import com.flowtriq.ftagent.mitigate.IpAddress;
import com.flowtriq.ftagent.mitigate.NftDropSources;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A fake {@code nft} for tests: a script that appends its argv and its stdin (the nft batch) to a log, and never
 * evaluates either. The {@link NftDropSources} it backs runs it exactly as it would run the real nft.
 */
final class RecordingNft
{
    private final Path log;
    private final Path program;

    RecordingNft(final Path directory) throws Exception
    {
        log = directory.resolve("argv.log");
        program = directory.resolve("fake-nft");
        Files.writeString(program, """
            #!/bin/sh
            { printf 'ARGV'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; cat; printf 'END\\n'; } >> LOG
            """.replace("LOG", log.toString()));
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    }

    NftDropSources backend()
    {
        return new NftDropSources(new ArgvRunner(List.of(), 10_000), program.toString());
    }

    /** @return every call so far: {@code ARGV [..]} lines, each followed by its batch and {@code END}. */
    String recorded() throws Exception
    {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.US_ASCII) : "";
    }

    void clear() throws Exception
    {
        Files.deleteIfExists(log);
    }

    /** @return the nft line that adds (verb "add") or removes ("delete") one address to/from its set. */
    static String element(final String verb, final String address)
    {
        final IpAddress parsed = IpAddress.of(address);
        return verb + " element inet ftagent " + (parsed.isIpv4() ? "blocked4" : "blocked6") + " { " +
            parsed.text() + " }";
    }
}
