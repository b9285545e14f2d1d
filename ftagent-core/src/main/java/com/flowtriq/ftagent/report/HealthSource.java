package com.flowtriq.ftagent.report;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * What {@code /health} reports. Called on the listener's thread; must not block.
 */
public interface HealthSource
{
    /**
     * @return true if the agent works as intended (HTTP 200), false for 503.
     */
    boolean healthy();

    /**
     * Writes detail fields into the health object (the caller writes {@code status}).
     *
     * @param json generator positioned inside the object.
     */
    void writeDetails(JsonGenerator json) throws IOException;
}
