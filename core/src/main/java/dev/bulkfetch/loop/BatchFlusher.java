package dev.bulkfetch.loop;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Flushes every connection written to during one batch of loop work once, when the batch is done:
 * writes queue up while replies are handled and leave together (sendmmsg for UDP, one write for
 * pipelined HTTP requests). Measured +10-12% over a flush per message.
 */
public final class BatchFlusher {

    /** Something with unflushed writes; it keeps its own dirty flag so it is listed once per batch. */
    public interface Target {
        void flushBatch();
    }

    private final EventLoop loop;
    private final List<Target> dirty = new ArrayList<>();
    private final Runnable flushTask = this::flushAll;
    private boolean scheduled;

    public BatchFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Call on the loop the first time a target is written to in a batch. */
    public void schedule(Target target) {
        dirty.add(target);
        if (!scheduled) {
            scheduled = true;
            loop.execute(flushTask);
        }
    }

    private void flushAll() {
        scheduled = false;
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flushBatch();
        }
        dirty.clear();
    }
}
