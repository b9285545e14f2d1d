package com.flowtriq.ftagent.l7;

/**
 * Sees each closed second of a log after its {@link L7FloodDetector} has, e.g. to fold it into the interval sample
 * sent to the Flowtriq API.
 * <p>
 * Threading: called on the thread of the {@link L7LogIngest} (the L7 agent), once per closed second; the window is
 * valid only during the call (it is reset for the next second afterwards).
 */
@FunctionalInterface
public interface L7WindowListener
{
    /** Listener that ignores every window. */
    L7WindowListener NONE = (window) ->
    {
    };

    void onWindowClosed(L7Window window);
}
