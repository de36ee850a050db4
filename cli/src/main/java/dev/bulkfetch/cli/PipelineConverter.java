package dev.bulkfetch.cli;

import picocli.CommandLine;

/**
 * Parses {@code --pipeline}: {@code auto} (the depth a host earns, up to 8; returned as {@link #AUTO}) or a fixed
 * depth of 1..64.
 */
final class PipelineConverter implements CommandLine.ITypeConverter<Integer> {
    /** What {@code auto} converts to: no fixed depth. */
    static final int AUTO = 0;

    @Override
    public Integer convert(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        try {
            int depth = Integer.parseInt(v);
            if (depth >= 1 && depth <= 64) {
                return depth;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a pipeline depth (auto, or 1..64)");
    }
}
