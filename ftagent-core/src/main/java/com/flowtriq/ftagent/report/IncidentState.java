package com.flowtriq.ftagent.report;

/**
 * The lifecycle event an {@link IncidentEvent} reports. {@link #wireName()} is the {@code event} field of the
 * one incident schema.
 */
public enum IncidentState
{
    OPEN("open"),
    UPDATE("update"),
    RESOLVE("resolve");

    private final String wireName;

    IncidentState(final String wireName)
    {
        this.wireName = wireName;
    }

    public String wireName()
    {
        return wireName;
    }
}
