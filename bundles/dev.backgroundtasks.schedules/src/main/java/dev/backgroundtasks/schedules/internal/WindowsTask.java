package dev.backgroundtasks.schedules.internal;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.IntStream;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * A schedule as a Windows Task Scheduler definition, print-only elsewhere ({@code schtasks /Create /XML
 * FILE /TN NAME}). As Firefox's background update task: {@code MultipleInstancesPolicy=IgnoreNew} (a run
 * never overlaps a running one) and {@code StartWhenAvailable} (a missed run starts as soon as it can).
 * {@code --every} repeats a time trigger; a calendar becomes a daily or weekly trigger at a fixed time,
 * or an hourly repetition at a fixed minute.
 */
final class WindowsTask {
    static final String NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task";
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    /** Task Scheduler's repetition interval: from one minute to 31 days. */
    private static final Duration MIN_REPETITION = Duration.ofMinutes(1);
    private static final Duration MAX_REPETITION = Duration.ofDays(31);
    private static final String START = "2000-01-01T";

    private WindowsTask() {
    }

    static String fileName(Invocation invocation, TaskSchedule s) {
        return invocation.unitName(s.task()) + ".xml";
    }

    static String render(Invocation invocation, TaskSchedule s) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<!-- ").append(Xml.text(Marker.line(invocation, s).substring(2)).replace("--", "- -")).append(" -->\n");
        b.append("<Task version=\"1.2\" xmlns=\"").append(NAMESPACE).append("\">\n");
        b.append("  <RegistrationInfo>\n");
        b.append("    <Description>").append(Xml.text("Background task " + s.task() + " of " + invocation.installation()))
                .append("</Description>\n");
        b.append("    <URI>\\").append(Xml.text(invocation.unitName(s.task()))).append("</URI>\n");
        b.append("  </RegistrationInfo>\n");
        b.append("  <Triggers>\n");
        trigger(b, s);
        b.append("  </Triggers>\n");
        b.append("  <Principals>\n    <Principal id=\"Author\">\n");
        if (s.scope() == TaskSchedule.Scope.SYSTEM) {
            b.append("      <UserId>S-1-5-18</UserId>\n      <RunLevel>HighestAvailable</RunLevel>\n");
        } else {
            b.append("      <LogonType>InteractiveToken</LogonType>\n      <RunLevel>LeastPrivilege</RunLevel>\n");
        }
        b.append("    </Principal>\n  </Principals>\n");
        b.append("  <Settings>\n");
        b.append("    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n");
        b.append("    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n");
        b.append("    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n");
        b.append("    <StartWhenAvailable>true</StartWhenAvailable>\n");
        b.append("    <Enabled>true</Enabled>\n");
        b.append("  </Settings>\n");
        List<String> command = invocation.command(s);
        b.append("  <Actions Context=\"Author\">\n    <Exec>\n");
        b.append("      <Command>").append(Xml.text(command.get(0))).append("</Command>\n");
        StringJoiner args = new StringJoiner(" ");
        command.subList(1, command.size()).forEach(a -> args.add(windowsArgument(a)));
        b.append("      <Arguments>").append(Xml.text(args.toString())).append("</Arguments>\n");
        b.append("    </Exec>\n  </Actions>\n");
        b.append("</Task>\n");
        return b.toString();
    }

    private static void trigger(StringBuilder b, TaskSchedule s) {
        String delay = s.jitter().isZero() ? "" : "      <RandomDelay>" + s.jitter() + "</RandomDelay>\n";
        if (s.interval().isPresent()) {
            repeating(b, s.interval().get(), "00:00:00", delay);
            return;
        }
        String[] f = CronEntry.calendarFields(s.calendarExpression().get()).split(" ");
        String minute = f[0];
        String hour = f[1];
        if (!minute.matches("[0-9]+") || !f[2].equals("*") || !f[3].equals("*")) {
            throw untranslatable(s);
        }
        if (hour.equals("*") && f[4].equals("*")) {
            repeating(b, Duration.ofHours(1), String.format("00:%02d:00", Integer.parseInt(minute)), delay);
            return;
        }
        if (!hour.matches("[0-9]+")) {
            throw untranslatable(s);
        }
        String at = String.format("%02d:%02d:00", Integer.parseInt(hour), Integer.parseInt(minute));
        b.append("    <CalendarTrigger>\n");
        b.append("      <StartBoundary>").append(START).append(at).append("</StartBoundary>\n");
        b.append("      <Enabled>true</Enabled>\n");
        b.append(delay);
        if (f[4].equals("*")) {
            b.append("      <ScheduleByDay>\n        <DaysInterval>1</DaysInterval>\n      </ScheduleByDay>\n");
        } else {
            b.append("      <ScheduleByWeek>\n        <DaysOfWeek>\n");
            for (int day : weekdays(f[4], s)) {
                b.append("          <").append(DAYS[day]).append(" />\n");
            }
            b.append("        </DaysOfWeek>\n        <WeeksInterval>1</WeeksInterval>\n      </ScheduleByWeek>\n");
        }
        b.append("    </CalendarTrigger>\n");
    }

    private static void repeating(StringBuilder b, Duration interval, String at, String delay) {
        if (interval.compareTo(MIN_REPETITION) < 0 || interval.compareTo(MAX_REPETITION) > 0) {
            throw new IllegalArgumentException("Task Scheduler repeats a task every 1m to 31d, not every "
                    + TaskSchedule.formatDuration(interval));
        }
        b.append("    <TimeTrigger>\n");
        b.append("      <Repetition>\n        <Interval>").append(interval).append("</Interval>\n");
        b.append("        <StopAtDurationEnd>false</StopAtDurationEnd>\n      </Repetition>\n");
        b.append("      <StartBoundary>").append(START).append(at).append("</StartBoundary>\n");
        b.append("      <Enabled>true</Enabled>\n");
        b.append(delay);
        b.append("    </TimeTrigger>\n");
    }

    /** The days (0 is Sunday) of a cron weekday field: numbers, lists and ranges; 7 and 0 are Sunday. */
    private static int[] weekdays(String field, TaskSchedule s) {
        boolean[] set = new boolean[7];
        for (String item : field.split(",")) {
            if (item.contains("/")) {
                throw untranslatable(s);
            }
            String[] ends = item.split("-");
            for (int d = Integer.parseInt(ends[0]); d <= Integer.parseInt(ends[ends.length - 1]); d++) {
                set[d % 7] = true;
            }
        }
        return IntStream.range(0, 7).filter(d -> set[d]).toArray();
    }

    private static IllegalArgumentException untranslatable(TaskSchedule s) {
        return new IllegalArgumentException("Task Scheduler takes a calendar at a fixed time daily, on weekdays, or at a"
                + " fixed minute hourly, not '" + s.calendarExpression().orElse("") + "': use --every or a simpler --calendar");
    }

    /** One argument as the Windows C runtime splits a command line (CommandLineToArgvW's rules). */
    static String windowsArgument(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\n')) {
            return arg;
        }
        StringBuilder b = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            // backslashes are literal unless they precede a quote: then each is doubled
            b.append("\\".repeat(c == '"' ? backslashes * 2 + 1 : backslashes));
            backslashes = 0;
            b.append(c);
        }
        b.append("\\".repeat(backslashes * 2)).append('"');
        return b.toString();
    }
}
