package dev.bulkfetch.metrics.report;

import dev.bulkfetch.metrics.Phases;
import dev.bulkfetch.metrics.RateKeeping;

/** The box of a constant-rate run: whether it kept its schedule, and what that means for its figures. */
final class RateBox {
    private RateBox() {
    }

    static void write(Markup m, RateKeeping rate) {
        boolean behind = rate.fellBehind();
        m.open("div", "class", behind ? "rate behind" : "rate");
        if (behind) {
            m.open("p", "class", "rate-warning");
            m.text("Warning: the run fell behind its schedule (" + reasons(rate) + ").");
            if (rate.capReached()) {
                m.text(" The in-flight cap (--concurrency) was reached and held back starts that were due:"
                        + " raise it or lower the rate.");
            }
            m.close();
        } else {
            m.element("p", "The run kept its schedule.", "class", "rate-ok");
        }
        m.open("p");
        m.text("Requested " + Figures.rate(rate.requestedPerSecond()) + ", achieved "
                + Figures.rate(rate.achievedPerSecond()));
        if (rate.requestedPerSecond() > 0) {
            m.text(" (" + Figures.percent(rate.achievedPerSecond(), rate.requestedPerSecond()) + ")");
        }
        m.text(". " + Figures.count(rate.lateStarts()) + " of " + Figures.count(rate.starts()) + " starts ("
                + Figures.percent(rate.lateStarts(), rate.starts()) + ") were more than "
                + RateKeeping.LATE_MILLIS + " ms late; the worst lag was " + Figures.ms(rate.maxLagMillis())
                + " ms.");
        if (rate.capReached() && !behind) {
            m.text(" The in-flight cap was reached at times and held back starts that were due.");
        }
        m.close();
        m.open("p", "class", "note");
        m.element("code", Phases.TOTAL).text(" and ").element("code", Phases.ERROR);
        m.text(" are measured from each target's intended start, so time spent waiting behind schedule counts"
                + " (corrected for coordinated omission); ");
        m.element("code", Phases.SERVICE).text(" is the uncorrected time from the actual start.");
        m.close();
        m.close();
    }

    /** Which of {@link RateKeeping#fellBehind()}'s tests failed, so the reader knows what to look at. */
    private static String reasons(RateKeeping rate) {
        boolean slow = rate.achievedPerSecond() < 0.95 * rate.requestedPerSecond();
        boolean late = rate.lateStarts() * 100 > rate.starts();
        if (slow && late) {
            return "under 95% of the requested rate, and over 1% of starts late";
        }
        return slow ? "under 95% of the requested rate" : "over 1% of starts late";
    }
}
