package dev.bulkfetch.http;

import dev.bulkfetch.loop.BatchFlusher;

/**
 * What every connection of one engine shares: how requests are written and flushed, where finished
 * exchanges go, and the settings of the engine.
 */
record ConnectionContext(HttpEngineConfig config, RequestWriter requests, BatchFlusher flusher,
                         FetchFinisher finisher) {
}
