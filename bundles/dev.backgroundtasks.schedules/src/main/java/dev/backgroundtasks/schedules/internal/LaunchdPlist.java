package dev.backgroundtasks.schedules.internal;

import java.util.Map;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * A schedule as a launchd job (macOS), print-only elsewhere: {@code StartInterval} for {@code --every},
 * {@code StartCalendarInterval} for a calendar whose fields are fixed numbers or {@code *}. launchd
 * runs a calendar job missed during sleep at wake, and never starts a job whose last run is still
 * going, so catch-up and the no-overlap rule need nothing more. It has no random delay.
 */
final class LaunchdPlist {
    private static final String[] CALENDAR_KEYS = {"Minute", "Hour", "Day", "Month", "Weekday"};

    private LaunchdPlist() {
    }

    static String fileName(Invocation invocation, TaskSchedule s) {
        return label(invocation, s) + ".plist";
    }

    static String label(Invocation invocation, TaskSchedule s) {
        return "dev.backgroundtasks." + invocation.installHash() + "." + s.task();
    }

    static String render(Invocation invocation, TaskSchedule s) {
        if (!s.jitter().isZero()) {
            throw new IllegalArgumentException("launchd has no random delay: drop --jitter for --format launchd");
        }
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        b.append("<!-- ").append(Xml.text(Marker.line(invocation, s).substring(2)).replace("--", "- -")).append(" -->\n");
        b.append("<plist version=\"1.0\">\n<dict>\n");
        key(b, "Label").append("  <string>").append(Xml.text(label(invocation, s))).append("</string>\n");
        key(b, "ProgramArguments").append("  <array>\n");
        for (String w : invocation.command(s)) {
            b.append("    <string>").append(Xml.text(w)).append("</string>\n");
        }
        b.append("  </array>\n");
        key(b, "EnvironmentVariables").append("  <dict>\n");
        for (Map.Entry<String, String> e : invocation.environment().entrySet()) {
            b.append("    <key>").append(Xml.text(e.getKey())).append("</key>\n");
            b.append("    <string>").append(Xml.text(e.getValue())).append("</string>\n");
        }
        b.append("  </dict>\n");
        if (s.interval().isPresent()) {
            key(b, "StartInterval").append("  <integer>").append(s.interval().get().getSeconds()).append("</integer>\n");
        } else {
            String[] fields = CronEntry.calendarFields(s.calendarExpression().get()).split(" ");
            key(b, "StartCalendarInterval").append("  <dict>\n");
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].equals("*")) {
                    continue;
                }
                if (!fields[i].matches("[0-9]+")) {
                    throw new IllegalArgumentException("launchd's StartCalendarInterval takes one number per field, not '"
                            + fields[i] + "' (" + CALENDAR_KEYS[i] + "): use --every or a simpler --calendar");
                }
                b.append("    <key>").append(CALENDAR_KEYS[i]).append("</key>\n");
                b.append("    <integer>").append(fields[i]).append("</integer>\n");
            }
            b.append("  </dict>\n");
        }
        key(b, "ProcessType").append("  <string>Background</string>\n");
        key(b, "RunAtLoad").append("  <false/>\n");
        b.append("</dict>\n</plist>\n");
        return b.toString();
    }

    private static StringBuilder key(StringBuilder b, String key) {
        return b.append("  <key>").append(key).append("</key>\n");
    }
}
