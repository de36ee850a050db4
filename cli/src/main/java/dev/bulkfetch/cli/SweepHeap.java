package dev.bulkfetch.cli;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Keeps the heap of a DNS sweep started as plain {@code java -jar bulkfetch.jar rdns ...} near what the
 * sweep needs. A jar cannot carry -Xmx, and the JVM's own choice on a large machine (G1, initial heap
 * 1/64 of RAM, young generation grown towards 60% of it because each pause is short) touched 450-515 MiB
 * for a sweep whose live data is 10-15 MB. The two heap-free-ratio flags are the only sizing flags the
 * JVM lets a running program change: set low, and one collection before the sweep starts, the committed
 * heap shrinks to a few times the live data and grows afterwards only when collections take too much
 * time. bin/bulkfetch sets -Xmx for these commands instead, so this does nothing there (nor when the user
 * set a heap size or these flags).
 */
final class SweepHeap {
    /** Largest -Xmx taken as a choice someone made rather than the JVM's default. */
    private static final long CHOSEN_MAX_HEAP = 1L << 30;

    private SweepHeap() {
    }

    /** For dns and rdns runs with the JVM's default heap: shrink it to what a sweep keeps alive. */
    static void fitToSweep(String[] args) {
        if (!isSweep(args) || Runtime.getRuntime().maxMemory() <= CHOSEN_MAX_HEAP) {
            return;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!vm.getVMOption("MaxHeapFreeRatio").getOrigin().equals(com.sun.management.VMOption.Origin.DEFAULT)
                    || !vm.getVMOption("MinHeapFreeRatio").getOrigin().equals(com.sun.management.VMOption.Origin.DEFAULT)) {
                return;
            }
            // Min first: the JVM rejects a Min above the current Max and a Max below the current Min
            vm.setVMOption("MinHeapFreeRatio", "10");
            vm.setVMOption("MaxHeapFreeRatio", "30");
        } catch (RuntimeException e) {
            return; // not HotSpot, or the flags are not manageable here: keep the JVM's sizing
        }
        System.gc();
    }

    private static boolean isSweep(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("rdns") || a.equals("dns");
            }
        }
        return false;
    }
}
