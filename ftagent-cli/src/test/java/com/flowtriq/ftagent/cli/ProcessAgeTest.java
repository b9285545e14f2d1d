package com.flowtriq.ftagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessAgeTest
{
    @Test
    void shouldSubtractTheStartTicksFromTheUptimeWhenTheCommandNameHoldsSpacesAndParentheses()
    {
        final String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 20 0 123456 " +
            "2000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1_300.0 - 1_234.56, ProcessAge.secondsSinceStart("1300.00 2500.00\n", stat), 1e-9);
    }

    @Test
    void shouldGiveNaNForTextThatIsNotProcStat()
    {
        assertTrue(Double.isNaN(ProcessAge.secondsSinceStart("1300.00 2500.00", "no parentheses here")));
        assertTrue(Double.isNaN(ProcessAge.secondsSinceStart("1300.00 2500.00", "1 (x) S 1 2")));
        assertTrue(Double.isNaN(ProcessAge.secondsSinceStart("up", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 x")));
    }

    @Test
    void shouldReadThisProcessAgeFromProc()
    {
        final double seconds = ProcessAge.seconds();
        assertTrue(seconds >= 0 && seconds < 86_400 * 365, "age " + seconds);
    }
}
