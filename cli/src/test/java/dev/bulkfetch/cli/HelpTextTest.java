package dev.bulkfetch.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code bulkfetch --help} shows a user who does not know the commands yet. */
class HelpTextTest extends ConsoleCapture {
    @Test
    void everyCommandSummaryInTheListIsOneWholeLineEndingCleanly() {
        assertEquals(0, Main.run("--help"));
        List<String> lines = out().lines().toList();
        int listed = lines.indexOf("Commands:");
        assertTrue(listed >= 0, out());
        Map<String, CommandLine> commands = BulkfetchCommand.commandLine().getSubcommands();
        for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
            // what picocli lists: the header's first line, else the description's (ours have no header)
            var usage = c.getValue().getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            int at = -1;
            for (int i = listed + 1; i < lines.size(); i++) {
                if (lines.get(i).matches("  " + c.getKey() + " +\\S.*")) {
                    at = i;
                }
            }
            assertTrue(at > 0, c.getKey() + " not listed:\n" + out());
            // the whole first line of the command's description, and no continuation under it
            assertEquals(summary, lines.get(at).substring(2 + c.getKey().length()).strip(), c.getKey());
            assertFalse(at + 1 < lines.size() && lines.get(at + 1).matches(" {3,}\\S.*"),
                    c.getKey() + "'s summary wraps onto a second line:\n" + out());
            assertTrue(summary.endsWith("."), c.getKey() + ": '" + summary + "' does not end a sentence");
            assertEquals(summary.chars().filter(ch -> ch == '(').count(), summary.chars().filter(ch -> ch == ')').count(),
                    c.getKey() + ": unbalanced parenthesis in '" + summary + "'");
        }
    }
}
