package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.count.CaptureThreadCountingStage;
import com.flowtriq.ftagent.count.CountingStage;
import com.flowtriq.ftagent.count.FanOutCountingStage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Issue #3: {@code run} counts on the capture thread on a one-core host, and fans out to workers otherwise. */
class CountingStageChoiceTest
{
    @Test
    void shouldCountOnTheCaptureThreadWithOneCoreAndOneCaptureThread()
    {
        try (CountingStage stage = AgentRuntime.countingStage(1, 1, 16))
        {
            assertInstanceOf(CaptureThreadCountingStage.class, stage);
            assertEquals(16, stage.newWindow().topSources().capacity(), "top_k");
        }
    }

    @Test
    void shouldFanOutToHalfTheCoresOtherwise()
    {
        try (CountingStage twoCaptureThreads = AgentRuntime.countingStage(1, 2, 32);
            CountingStage twoCores = AgentRuntime.countingStage(2, 2, 32);
            CountingStage eightCores = AgentRuntime.countingStage(8, 8, 32))
        {
            assertInstanceOf(FanOutCountingStage.class, twoCaptureThreads, "one publisher cannot serve two threads");
            assertEquals(1, twoCaptureThreads.workerCount());
            assertInstanceOf(FanOutCountingStage.class, twoCores);
            assertEquals(1, twoCores.workerCount());
            assertEquals(4, eightCores.workerCount());
        }
    }
}
