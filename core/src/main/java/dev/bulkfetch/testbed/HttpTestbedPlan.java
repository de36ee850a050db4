package dev.bulkfetch.testbed;

/**
 * What the testbed writes for one request and when: wait {@code delayMillis}, write the preamble (interim
 * responses and the head), write the body frames (one per {@code paceMillis} when paced, otherwise as fast as
 * the channel drains), then end the exchange as {@code ending} says.
 *
 * <p>A plan is used once: its frames are a cursor over the body.
 */
record HttpTestbedPlan(long delayMillis, byte[] preamble, HttpTestbedFrames frames, long paceMillis, Ending ending) {

    /** How the connection continues after the last body byte. */
    enum Ending {
        /** Serve the next request on the connection. */
        KEEP_ALIVE,
        /** Close normally (FIN): a close-delimited body, a truncated body, or the client asked for it. */
        CLOSE,
        /** Close with RST (SO_LINGER 0), so the client sees a connection reset. */
        RESET,
        /** Write nothing more and never close; the client has to give up. */
        HANG,
        /**
         * Stop reading the connection at once, write nothing, and close after the plan's delay: what the client
         * sends meanwhile stays in the kernel's buffers until they fill and its writes stall.
         */
        STOP_READING
    }

    /** A response written at once, then the connection is kept or closed as {@code ending} says. */
    static HttpTestbedPlan of(byte[] preamble, HttpTestbedFrames frames, Ending ending) {
        return new HttpTestbedPlan(0, preamble, frames, 0, ending);
    }

    /** Reads the request and never answers. */
    static HttpTestbedPlan hang() {
        return of(new byte[0], HttpTestbedFrames.NONE, Ending.HANG);
    }

    /** Reads the request and resets the connection without a byte of answer. */
    static HttpTestbedPlan reset() {
        return of(new byte[0], HttpTestbedFrames.NONE, Ending.RESET);
    }

    /** Reads the request, then reads and writes nothing for {@code millis} and closes. */
    static HttpTestbedPlan stopReading(long millis) {
        return new HttpTestbedPlan(millis, new byte[0], HttpTestbedFrames.NONE, 0, Ending.STOP_READING);
    }

    /**
     * False for the plans that never write a byte of answer (hang, stop reading, reset at once), which the
     * testbed does not count as served; every answer starts with a head.
     */
    boolean answers() {
        return preamble.length > 0;
    }

    HttpTestbedPlan delayed(long millis) {
        return new HttpTestbedPlan(millis, preamble, frames, paceMillis, ending);
    }

    HttpTestbedPlan paced(long millis) {
        return new HttpTestbedPlan(delayMillis, preamble, frames, millis, ending);
    }

    /** The same plan with {@code before} written ahead of the head, for interim (1xx) responses. */
    HttpTestbedPlan prefixed(byte[] before) {
        byte[] joined = new byte[before.length + preamble.length];
        System.arraycopy(before, 0, joined, 0, before.length);
        System.arraycopy(preamble, 0, joined, before.length, preamble.length);
        return new HttpTestbedPlan(delayMillis, joined, frames, paceMillis, ending);
    }

    /** The answer to HEAD: same delay, head and ending, no body. */
    HttpTestbedPlan withoutBody() {
        return new HttpTestbedPlan(delayMillis, preamble, HttpTestbedFrames.NONE, 0, ending);
    }
}
