package dev.bulkfetch.http;

import dev.bulkfetch.loop.BatchFlusher;

/**
 * What every connection of one engine shares: how requests are written and flushed, where finished
 * exchanges go, the threads that decode bodies off the loop ({@code workers}, null when bodies are decoded on
 * the loop), and the settings of the engine.
 */
record ConnectionContext(HttpEngineConfig config, RequestWriter requests, BatchFlusher flusher,
                         FetchFinisher finisher, DecodeWorkers workers) {
}
