package dev.bulkfetch.error;


/**
 * A failure of one fetch that already knows its {@link BulkError}: thrown by the pieces of the HTTP
 * path (body decoding, limits, URL handling) and turned into the record's error as it is.
 */
public final class FetchException extends Exception {
    private final BulkError error;

    public FetchException(BulkError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public FetchException(ErrorKind kind, String message) {
        this(BulkError.of(kind, message));
    }

    public BulkError error() {
        return error;
    }
}
