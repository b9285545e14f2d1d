package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.config.MitigationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MitigationAssemblyTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBuildEngineWhoseBackendsFollowTheConfiguredRules() throws Exception
    {
        final Path log = dir.resolve("argv.log");
        final Path recorder = dir.resolve("recorder");
        Files.writeString(recorder,
            "#!/bin/sh\n{ for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo; cat; } >> " + log + "\n");
        Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
        final Path file = dir.resolve("config.json");
        Files.writeString(file, """
            {"mitigation": {"enabled": true, "safelist": ["198.18.201.0/24"],
              "rules": [{"when": {"subtypes": ["syn"]}, "action": "nft_drop_sources", "top_n": 2},
                        {"when": {"subtypes": ["syn"]}, "action": "command", "targets": "victim",
                         "command": ["RECORDER", "victim", "{dst_ip}"]}]}}
            """.replace("RECORDER", recorder.toString()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final ConfigLoader.Result result = ConfigLoader.load(file);
        assertTrue(result.ok(), result.report());
        final MitigationConfig config = result.config().mitigation();

        // the recorder as prefix receives nft's argv as its arguments and the script on stdin
        final MitigationEngine engine =
            MitigationAssembly.create(config, dir.resolve("state"), List.of(), List.of(recorder.toString()));
        try
        {
            engine.start();
            engine.onIncidentOpened(new IncidentView("inc-1", "tcp_flood", "syn", 1, 1,
                List.of("198.18.201.5", "198.18.200.1", "198.18.200.2"), "198.18.0.2", 80, "tcp"));
            engine.awaitIdle();
        }
        finally
        {
            engine.halt();
        }

        final String text = Files.readString(log);
        assertTrue(text.startsWith("[nft][-f][-]\nadd table inet ftagent\ndelete table inet ftagent\n"), text);
        assertTrue(text.contains("add element inet ftagent blocked4 { 198.18.200.1 }"), text);
        assertTrue(text.contains("[" + recorder + "][victim][198.18.0.2]"), text);
        assertEquals(2, engine.counters().applied());
        assertEquals(1, engine.counters().safelistedSources());
    }

    @Test
    void shouldStopCloudflareOutboxThreadWhenALaterRuleIsRejected() throws Exception
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, """
            {"mitigation": {"enabled": true,
              "cloudflare": {"api_token": "t", "zone_id": "zone123", "api_base": "http://127.0.0.1:9/client/v4"},
              "rules": [{"action": "cloudflare_block"},
                        {"action": "command", "command": ["/bin/true"]},
                        {"action": "command", "command": ["/bin/true"]}]}}
            """);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final ConfigLoader.Result result = ConfigLoader.load(file);
        assertTrue(result.ok(), result.report());

        final IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> MitigationAssembly.create(result.config().mitigation(), dir.resolve("state"), List.of(), List.of()));

        assertTrue(refused.getMessage().contains("only one mitigation rule with action command"), refused.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("state").resolve(CloudflareDelivery.OUTBOX_DIRECTORY)));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> CloudflareDelivery.THREAD_NAME.equals(t.getName()) && t.isAlive()),
            "the Cloudflare outbox thread outlived the refused configuration");
    }
}
