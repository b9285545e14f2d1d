package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MitigationStateFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripBlocks() throws Exception
    {
        final MitigationStateFile file = new MitigationStateFile(dir.resolve("state"));
        final List<AppliedBlock> blocks = List.of(
            new AppliedBlock("inc-1", "nft_drop_sources", List.of(IpAddress.of("198.18.200.1"),
                IpAddress.of("2001:db8::1")), 10, 0),
            new AppliedBlock("inc-2", "nft_drop_sources", List.of(IpAddress.of("198.18.200.2")), 20, 30));

        file.write(blocks);

        assertEquals(blocks, file.read());
        assertTrue(file.read().get(1).isExpired(30));
    }

    @Test
    void shouldReadMissingFileAsEmpty() throws Exception
    {
        assertTrue(new MitigationStateFile(dir).read().isEmpty());
    }

    @Test
    void shouldSkipAndCountMalformedEntries() throws Exception
    {
        Files.writeString(dir.resolve(MitigationStateFile.FILE_NAME), """
            {"version":1,"extra":{"a":[1,2]},"mitigations":[
              {"incident":"ok","action":"nft_drop_sources","sources":["198.18.200.1"],"applied_at_ms":1},
              {"incident":"bad;id","action":"nft_drop_sources","sources":["198.18.200.2"]},
              {"incident":"bad-src","action":"nft_drop_sources","sources":["198.18.200.3; rm -rf /"]},
              {"incident":"no-action","sources":[]}
            ]}
            """);
        final MitigationStateFile file = new MitigationStateFile(dir);

        final List<AppliedBlock> blocks = file.read();

        assertEquals(1, blocks.size());
        assertEquals("ok", blocks.get(0).incidentId());
        assertEquals(3, file.malformedEntries());
    }

    @Test
    void shouldRejectFileThatIsNotJson() throws Exception
    {
        Files.writeString(dir.resolve(MitigationStateFile.FILE_NAME), "iptables -F\n");
        assertThrows(IOException.class, () -> new MitigationStateFile(dir).read());
    }
}
