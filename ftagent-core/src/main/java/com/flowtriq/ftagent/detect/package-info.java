/**
 * L3/L4 detection: the clock, the baseline, the thresholds and the classifier.
 * <p>
 * Entry point: {@link com.flowtriq.ftagent.detect.Detector}. Wiring for {@code replay} (packet clock) and {@code run}
 * (wall clock) is the same apart from the clock:
 * <pre>{@code
 * Detector detector = new Detector(settings, listener);         // listener: incident.IncidentListener
 * detector.restoreBaseline(firstSecond);                         // state_dir/baseline.bin, if recent
 * TrafficWindow window = stage.newWindow();
 * TrafficWindowSample sample = new TrafficWindowSample().wrap(window);
 * SecondTicker ticker = new SecondTicker(maxCatchUpSeconds);
 * // per packet (replay) or per wake-up (run), after advancing the clock:
 * long second;
 * while ((second = ticker.pollDueSecond(clock.epochNanos())) != SecondTicker.NO_TICK)
 * {
 *     stage.tick(second, window);
 *     detector.onTick(second, sample);
 * }
 * // end of a replay: tick the last second, then
 * detector.finish(lastPacketMillis);                             // open incident -> resolve, truncated
 * detector.saveBaseline(lastSecond);                             // shutdown (periodic: BaselineSaver agent)
 * }</pre>
 * Everything here runs on the detection thread; {@link com.flowtriq.ftagent.detect.BaselineSaver} is the one agent
 * with its own thread (file writes).
 */
package com.flowtriq.ftagent.detect;
