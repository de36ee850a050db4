package dev.bulkfetch.cli;

import picocli.CommandLine;

import java.util.Locale;

/** Parses byte sizes with units: {@code 512}, {@code 64k}, {@code 16MiB}, {@code 1GB} (powers of 1024). */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 512, 64KiB, 16MiB)");
        }
        long n = Long.parseLong(v.substring(0, i));
        long unit = switch (v.substring(i).trim()) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw new CommandLine.TypeConversionException(
                    "unknown unit in '" + value + "' (use B, KiB, MiB or GiB)");
        };
        if (n > Long.MAX_VALUE / unit) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too large");
        }
        return n * unit;
    }
}
