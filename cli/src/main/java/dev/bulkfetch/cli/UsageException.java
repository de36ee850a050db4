package dev.bulkfetch.cli;

/** A bad option value found after parsing (e.g. an unreadable resolvers file): exit status 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
