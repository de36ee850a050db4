package dev.bulkfetch.io.kafka;

/**
 * A message of the histograms topic that is not one bulkfetch wrote: the message says what is wrong
 * with it, in a few words fit for a warning line. The only exception {@link HistogramCodec} throws
 * on untrusted bytes.
 */
public final class MalformedHistogramException extends Exception {
    MalformedHistogramException(String message) {
        super(message);
    }
}
