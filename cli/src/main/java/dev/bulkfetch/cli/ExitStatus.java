package dev.bulkfetch.cli;

import dev.bulkfetch.io.UnusableFileException;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The exit statuses of {@code bulkfetch} and the one rule that maps a failure to its status and
 * message. The rule a script can rely on: 2 means nothing was done (every option, input and output is
 * checked before a run starts), 1 that a run started and could not finish; failed targets are records,
 * not a failed run. {@link #RULE} is the rule in words, shown by {@code --help} and quoted in the README.
 */
final class ExitStatus {
    /** The run completed; its failed targets are in the records. */
    static final int COMPLETED = 0;
    /** A run started and could not finish (an output failed mid-run, the report files at its end). */
    static final int FAILED = 1;
    /** The command line cannot be carried out as given: bad option, unreadable input, unwritable output. */
    static final int UNUSABLE = 2;

    /** The rule as --help and the README state it (a test holds the README to this text). */
    static final String RULE = "Exit status: 0 the run completed (failed targets are records, not a failed run);"
            + " 2 nothing was done: a bad option or value, an input file that cannot be read, an output that"
            + " cannot be written, a directory where a file is needed (the message names the option or path"
            + " and says what is wrong); 1 a run started and could not finish (an output failed mid-run);"
            + " 130 or 143 the run was interrupted by SIGINT or SIGTERM.";

    private ExitStatus() {
    }

    /** A parse error (unknown option, value of the wrong form): says so, and where help is. */
    static int badOption(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("bulkfetch: " + e.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return UNUSABLE;
    }

    /**
     * What a command threw: says what went wrong, once, and returns the status it means. Commands
     * check their options and files before they start, so what they throw before is a usage problem;
     * anything else escaping a command is a failure.
     */
    static int failure(Exception e, PrintWriter err) {
        if (e instanceof UsageException || e instanceof UnusableFileException) {
            err.println("bulkfetch: " + e.getMessage());
            return UNUSABLE;
        }
        err.println(fatal(e.getMessage() == null ? e.toString() : e.getMessage()));
        return FAILED;
    }

    /** Work that started could not be finished (a run, a report's files): says why. */
    static int failed(PrintStream err, String why) {
        err.println(fatal(why));
        return FAILED;
    }

    private static String fatal(String why) {
        return "bulkfetch: fatal: " + why;
    }
}
