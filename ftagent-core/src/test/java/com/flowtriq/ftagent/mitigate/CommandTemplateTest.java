package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandTemplateTest
{
    @TempDir
    Path dir;

    static final TemplateValues VALUES = new TemplateValues(IpAddress.of("198.18.200.1"), IpAddress.of("198.18.0.2"),
        new Port(443), Protocol.TCP, "inc-7", "tcp_flood");

    @Test
    void shouldFillPlaceholdersWithValidatedValuesOnly()
    {
        final CommandTemplate template = CommandTemplate.of(List.of("/usr/local/bin/block", "--src={src_ip}",
            "{dst_ip}:{dst_port}/{protocol}", "{incident_id}", "{family}"));

        assertEquals(List.of("/usr/local/bin/block", "--src=198.18.200.1", "198.18.0.2:443/tcp", "inc-7",
            "tcp_flood"), template.render(VALUES));
    }

    @Test
    void shouldNotRenderWhenAValueIsMissing()
    {
        final CommandTemplate template = CommandTemplate.of(List.of("/usr/local/bin/block", "{dst_port}"));

        assertNull(template.render(new TemplateValues(IpAddress.of("198.18.200.1"), null, null, null, null, null)));
    }

    @Test
    void shouldRefuseRelativeExecutablesAndUnknownPlaceholders()
    {
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.of(List.of("iptables", "-F")));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.of(List.of("/usr/bin/../bin/sh")));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.of(List.of("/{src_ip}")));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.of(List.of("/bin/x", "{command}")));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.of(List.of("/bin/x", "{src_ip")));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.of(List.of()));
    }

    @Test
    void shouldRefuseHostileValuesBeforeTheyReachATemplate()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new TemplateValues(null, null, null, null, "x; rm -f /etc/passwd", null));
        assertThrows(IllegalArgumentException.class, () -> new TemplateValues(null, null, null, null, null, "-F"));
        assertThrows(IllegalArgumentException.class,
            () -> new TemplateValues(null, null, null, null, null, "tcp_flood\nx"));
        assertNull(IpAddress.parse("1.2.3.4 -F"));
    }

    @Test
    void shouldRunRenderedArgvWithoutShell() throws Exception
    {
        final Path log = dir.resolve("argv.log");
        final Path fake = dir.resolve("fake-block");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > " + log + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        final CommandTemplate template = CommandTemplate.of(List.of(fake.toString(), "{src_ip}", "$(id)", "; x"));

        final CommandOutcome outcome = new ArgvRunner(List.of(), 10_000).run(template.render(VALUES));

        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals("[198.18.200.1][$(id)][; x]", Files.readString(log));
        assertFalse(Files.readString(log).contains("uid="));
    }
}
