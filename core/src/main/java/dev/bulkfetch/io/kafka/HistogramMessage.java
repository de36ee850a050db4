package dev.bulkfetch.io.kafka;

import org.HdrHistogram.Histogram;

/**
 * One phase of one worker's reporting interval, as a message of the histograms topic carries it.
 *
 * @param worker       the worker that measured it (the message key)
 * @param kind         what the worker runs: {@code http} or {@code dns}
 * @param phase        the phase name ({@code total}, {@code connect}, ...), the histogram's tag
 * @param startEpochMs start of the interval
 * @param endEpochMs   end of the interval
 * @param histogram    the values of the phase in the interval (microseconds)
 */
public record HistogramMessage(String worker, String kind, String phase, long startEpochMs, long endEpochMs,
                               Histogram histogram) {
}
