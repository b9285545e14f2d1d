package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeySuggestionTest
{
    @Test
    void shouldCountInsertionsDeletionsAndSubstitutions()
    {
        assertEquals(0, KeySuggestion.distance("pcap_dir", "pcap_dir"));
        assertEquals(2, KeySuggestion.distance("pcap_dri", "pcap_dir"));
        assertEquals(1, KeySuggestion.distance("log_leve", "log_level"));
        assertEquals(3, KeySuggestion.distance("kitten", "sitting"));
        assertEquals(5, KeySuggestion.distance("", "abcde"));
    }

    @Test
    void shouldSuggestNothingForUnrelatedName()
    {
        assertNull(KeySuggestion.closest("frobnicate", List.of("pcap_dir", "log_level", "interface")));
    }

    @Test
    void shouldSuggestCaseInsensitively()
    {
        assertEquals("log_level", KeySuggestion.closest("LOG_LEVEL", List.of("log_file", "log_level")));
    }
}
