package com.flowtriq.ftagent.mitigate;

/**
 * Validates incident ids before they reach a state file, a log line or a command placeholder: 1..128 characters
 * from {@code [A-Za-z0-9_.-]}, not starting with {@code -} or {@code .}. Stateless.
 */
public final class IncidentId
{
    public static final int MAX_LENGTH = 128;

    private IncidentId()
    {
    }

    /**
     * @return true if {@code id} is safe to use anywhere.
     */
    public static boolean isValid(final String id)
    {
        if (null == id || id.isEmpty() || id.length() > MAX_LENGTH || '-' == id.charAt(0) || '.' == id.charAt(0))
        {
            return false;
        }
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            final boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                '_' == c || '-' == c || '.' == c;
            if (!allowed)
            {
                return false;
            }
        }
        return true;
    }
}
