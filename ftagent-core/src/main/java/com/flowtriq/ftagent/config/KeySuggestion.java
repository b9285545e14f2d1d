package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * Finds the known key an operator most likely meant when they wrote an unknown one: by edit distance
 * (Levenshtein), or by the written name being a prefix of a known one ({@code attack_holddown} for
 * {@code attack_holddown_seconds}). Stateless and thread-safe.
 */
public final class KeySuggestion
{
    private KeySuggestion()
    {
    }

    /**
     * @param written    the unknown name as written.
     * @param candidates the names known at that place.
     * @return the closest candidate, or null if none is close enough to be a plausible typo.
     */
    public static String closest(final String written, final List<String> candidates)
    {
        final String lower = written.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = distance(lower, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (null != best && bestDistance <= maxDistance(written))
        {
            return best;
        }
        for (final String candidate : candidates)
        {
            if (!lower.isEmpty() && (candidate.startsWith(lower + "_") || lower.startsWith(candidate + "_")))
            {
                return candidate;
            }
        }
        return null;
    }

    private static int maxDistance(final String written)
    {
        return Math.max(2, written.length() / 3);
    }

    /**
     * @return the Levenshtein distance (insertions, deletions, substitutions) between the two strings.
     */
    public static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
