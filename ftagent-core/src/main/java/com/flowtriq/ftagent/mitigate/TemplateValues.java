package com.flowtriq.ftagent.mitigate;

/**
 * The validated values a {@link CommandTemplate} may insert. Any may be null when the incident does not have it; a
 * template that needs a missing value is not run.
 *
 * @param sourceIp      {@code {src_ip}}.
 * @param destinationIp {@code {dst_ip}}.
 * @param port          {@code {dst_port}}.
 * @param protocol      {@code {protocol}}.
 * @param incidentId    {@code {incident_id}}, checked by {@link IncidentId#isValid}.
 * @param family        {@code {family}}, checked like an incident id (families are lower-case words).
 */
public record TemplateValues(
    IpAddress sourceIp, IpAddress destinationIp, Port port, Protocol protocol, String incidentId, String family)
{
    public TemplateValues
    {
        if (null != incidentId && !IncidentId.isValid(incidentId))
        {
            throw new IllegalArgumentException("invalid incident id " + Printable.quote(incidentId));
        }
        if (null != family && !IncidentId.isValid(family))
        {
            throw new IllegalArgumentException("invalid family " + Printable.quote(family));
        }
    }
}
