package com.flowtriq.ftagent.detect;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionSettingsTest
{
    @Test
    void shouldHaveDocumentedDefaults()
    {
        final DetectionSettings s = DetectionSettings.defaults();

        assertTrue(s.dynamicThreshold());
        assertEquals(60, s.baselineWindowMinutes());
        assertEquals(3600, s.baselineWindowSeconds());
        assertEquals(3.0, s.thresholdMultiplier());
        assertEquals(0, s.ppsThreshold());
        assertEquals(0, s.bpsThreshold());
        assertEquals(5000, s.minPpsThreshold());
        assertEquals(50_000_000, s.minBpsThreshold());
        assertEquals(2, s.attackConfirmSeconds());
        assertEquals(10, s.attackHolddownSeconds());
        assertEquals(60, s.attackCooldownSeconds());
        assertEquals(10, s.metricsInterval());
        assertEquals(Path.of("/var/lib/ftagent"), s.stateDir());
        assertTrue(s.protectedPrefixes().isEmpty());
    }

    @Test
    void shouldNameKeyValueAndExpectationForEachBadValue()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            DetectionSettings.builder()
                .baselineWindowMinutes(0)
                .thresholdMultiplier(Double.NaN)
                .minPpsThreshold(0)
                .attackConfirmSeconds(61)
                .metricsInterval(-1)
                .ppsThreshold(-5)
                .build());

        final String message = ex.getMessage();
        assertTrue(message.contains("baseline_window_minutes=0: expected an integer in 1..1440"), message);
        assertTrue(message.contains("threshold_multiplier=NaN: expected a number in 1.0..100.0"), message);
        assertTrue(message.contains("min_pps_threshold=0: expected an integer >= 1"), message);
        assertTrue(message.contains("attack_confirm_seconds=61: expected an integer in 1..60"), message);
        assertTrue(message.contains("metrics_interval=-1: expected an integer in 1..3600"), message);
        assertTrue(message.contains("pps_threshold=-5: expected an integer >= 0 (0 = unset)"), message);
        assertFalse(message.contains("attack_holddown_seconds"), message);
    }

    @Test
    void shouldRejectBadCidrWithItsIndex()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            DetectionSettings.builder()
                .protectedPrefixes(List.of("198.18.0.0/15", "198.18.0.0/33", "example.com/24", "2001:db8::/129"))
                .build());

        final String message = ex.getMessage();
        assertTrue(message.contains("protected_prefixes[1]=\"198.18.0.0/33\": expected a prefix length in 0..32"),
            message);
        assertTrue(message.contains("protected_prefixes[2]=\"example.com/24\": expected a CIDR with a literal"),
            message);
        assertTrue(message.contains("protected_prefixes[3]=\"2001:db8::/129\": expected a prefix length in 0..128"),
            message);
        assertFalse(message.contains("protected_prefixes[0]"), message);
    }

    @Test
    void shouldRejectEmptyStateDir()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            DetectionSettings.builder().stateDir(" ").build());

        assertTrue(ex.getMessage().contains("state_dir=\" \": expected a directory path"), ex.getMessage());
    }

    @Test
    void shouldRoundTripThroughToBuilder()
    {
        final DetectionSettings s = DetectionSettings.builder()
            .dynamicThreshold(false)
            .baselineWindowMinutes(5)
            .thresholdMultiplier(2.5)
            .ppsThreshold(100_000)
            .bpsThreshold(1_000_000_000)
            .minPpsThreshold(10)
            .minBpsThreshold(20)
            .attackConfirmSeconds(3)
            .attackHolddownSeconds(4)
            .attackCooldownSeconds(0)
            .metricsInterval(7)
            .stateDir("/tmp/x")
            .protectedPrefixes(List.of("198.18.0.0/15"))
            .build();

        assertEquals(s.toString(), s.toBuilder().build().toString());
    }

    @Test
    void shouldMatchIpv4DestinationsInsideProtectedPrefixes()
    {
        final ProtectedPrefixes prefixes = DetectionSettings.builder()
            .protectedPrefixes(List.of("198.18.0.7/15", "10.1.2.3", "2001:db8::/32"))
            .build()
            .protectedPrefixes();

        assertEquals(2, prefixes.ipv4PrefixCount());
        assertEquals(1, prefixes.ipv6PrefixCount());
        assertTrue(prefixes.containsIpv4(ipv4(198, 18, 0, 1)));
        assertTrue(prefixes.containsIpv4(ipv4(198, 19, 255, 255)));
        assertFalse(prefixes.containsIpv4(ipv4(198, 20, 0, 0)));
        assertTrue(prefixes.containsIpv4(ipv4(10, 1, 2, 3)));
        assertFalse(prefixes.containsIpv4(ipv4(10, 1, 2, 4)));
    }

    @Test
    void shouldMatchIpv6DestinationsInsideProtectedPrefixesOfAnyLength()
    {
        final ProtectedPrefixes prefixes = DetectionSettings.builder()
            .protectedPrefixes(List.of("2001:db8:1::/48", "2001:db8:2::7", "2001:db8:3:0:8000::/65", "10.0.0.0/8"))
            .build()
            .protectedPrefixes();

        assertEquals(3, prefixes.ipv6PrefixCount());
        assertTrue(prefixes.hasIpv6());
        assertTrue(prefixes.containsIpv6(0x2001_0db8_0001_0000L, 0));
        assertTrue(prefixes.containsIpv6(0x2001_0db8_0001_ffffL, -1L));
        assertFalse(prefixes.containsIpv6(0x2001_0db8_0002_0000L, 6));
        assertTrue(prefixes.containsIpv6(0x2001_0db8_0002_0000L, 7), "a host prefix");
        assertFalse(prefixes.containsIpv6(0x2001_0db8_0002_0000L, 8));
        assertTrue(prefixes.containsIpv6(0x2001_0db8_0003_0000L, 0x8000_0000_0000_0001L), "/65: top low bit set");
        assertFalse(prefixes.containsIpv6(0x2001_0db8_0003_0000L, 0x7FFF_FFFF_FFFF_FFFFL), "/65: top low bit clear");
        assertFalse(prefixes.containsIpv4(ipv4(198, 18, 0, 1)));
        assertFalse(DetectionSettings.builder().protectedPrefixes(List.of("10.0.0.0/8")).build()
            .protectedPrefixes().hasIpv6());
        assertTrue(DetectionSettings.builder().protectedPrefixes(List.of("::/0")).build()
            .protectedPrefixes().containsIpv6(-1L, -1L));
    }

    @Test
    void shouldMatchEverythingWithDefaultRoute()
    {
        final ProtectedPrefixes prefixes = DetectionSettings.builder()
            .protectedPrefixes(List.of("0.0.0.0/0"))
            .build()
            .protectedPrefixes();

        assertTrue(prefixes.containsIpv4(ipv4(255, 255, 255, 255)));
        assertTrue(prefixes.containsIpv4(0));
    }

    static long ipv4(final int a, final int b, final int c, final int d)
    {
        return ((long)a << 24) | ((long)b << 16) | ((long)c << 8) | d;
    }
}
