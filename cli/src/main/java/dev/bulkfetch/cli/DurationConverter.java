package dev.bulkfetch.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/** Parses durations with units: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1500us}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
            i++;
        }
        if (i == 0 || i == v.length()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration with a unit (e.g. 250ms, 5s, 2m)");
        }
        double n;
        try {
            n = Double.parseDouble(v.substring(0, i));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number with a unit");
        }
        double nanosPer = switch (v.substring(i)) {
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m", "min" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new CommandLine.TypeConversionException(
                    "unknown unit in '" + value + "' (use us, ms, s, m or h)");
        };
        return Duration.ofNanos((long) (n * nanosPer));
    }
}
