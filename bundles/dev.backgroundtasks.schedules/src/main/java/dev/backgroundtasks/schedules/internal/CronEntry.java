package dev.backgroundtasks.schedules.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskSchedule;

/**
 * A schedule as a crontab entry: the marker line, then one line whose command sleeps a random jitter,
 * then runs the task under {@code flock -n} on a lock in the runtime directory, so that a run never
 * overlaps a running one (the late one exits {@link ExitCode#ALREADY_RUNNING}, as an exclusive task's would).
 * The system scope's entry (a file in {@code /etc/cron.d}) has the user field {@code root}.
 */
final class CronEntry {
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    private CronEntry() {
    }

    /** The marker line and the entry line, each ending with a newline. */
    static String render(Invocation invocation, TaskSchedule s) {
        if (s.catchUp()) {
            throw new IllegalArgumentException("cron cannot catch up missed runs: drop --catch-up, or use systemd");
        }
        StringBuilder b = new StringBuilder();
        b.append(Marker.line(invocation, s)).append('\n');
        b.append(fields(s)).append(' ');
        if (s.scope() == TaskSchedule.Scope.SYSTEM) {
            b.append("root ");
        }
        b.append(escapePercent(command(invocation, s))).append('\n');
        return b.toString();
    }

    /** The file name of the system scope's entry in /etc/cron.d (no dot: run-parts' naming). */
    static String fileName(Invocation invocation, TaskSchedule s) {
        return invocation.unitName(s.task());
    }

    /** The lock that keeps two runs of the task apart. */
    static String lockFile(Invocation invocation, String task) {
        return invocation.runtimeDir().resolve("schedule-" + task + ".lock").toString();
    }

    /** The shell command of the entry, before crontab's {@code %} escaping. */
    static String command(Invocation invocation, TaskSchedule s) {
        for (String a : s.arguments()) {
            if (a.indexOf('\n') >= 0 || a.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a crontab entry is one line and cannot hold an argument with a line"
                        + " break: use systemd");
            }
        }
        StringJoiner cmd = new StringJoiner(" ");
        if (!s.jitter().isZero()) {
            cmd.add("sleep \"$(shuf -i 0-" + s.jitter().getSeconds() + " -n 1)\";");
        }
        // the runtime directory may be gone after a reboot: recreate it private, and use it only if it is
        // this user's own directory and not a link, as the launcher checks it
        String dir = shellQuote(invocation.runtimeDir().toString());
        cmd.add("umask 077; { mkdir -p " + dir + " && [ ! -L " + dir + " ] && [ -O " + dir + " ]; } || { echo"
                + " 'backgroundtasks: not a directory of this user:' " + dir + " >&2; exit 1; };");
        cmd.add("exec flock -n -E " + ExitCode.ALREADY_RUNNING + " " + shellQuote(lockFile(invocation, s.task())));
        cmd.add("env");
        for (Map.Entry<String, String> e : invocation.environment().entrySet()) {
            cmd.add(shellQuote(e.getKey() + "=" + e.getValue()));
        }
        for (String w : invocation.command(s)) {
            cmd.add(shellQuote(w));
        }
        return cmd.toString();
    }

    /** The five time fields. */
    static String fields(TaskSchedule s) {
        if (s.interval().isPresent()) {
            return everyFields(s.interval().get());
        }
        return calendarFields(s.calendarExpression().orElseThrow());
    }

    private static String everyFields(Duration interval) {
        long sec = interval.getSeconds();
        if (sec % 60 == 0 && sec < 3600 && 3600 % sec == 0) {
            long m = sec / 60;
            return (m == 1 ? "*" : "*/" + m) + " * * * *";
        }
        if (sec % 3600 == 0 && sec < 86400 && 86400 % sec == 0) {
            long h = sec / 3600;
            return "0 " + (h == 1 ? "*" : "*/" + h) + " * * *";
        }
        if (sec == 86400) {
            return "0 0 * * *";
        }
        if (sec == 7 * 86400) {
            return "0 0 * * 1"; // systemd's weekly: Monday
        }
        throw new IllegalArgumentException("cron cannot run every " + TaskSchedule.formatDuration(interval)
                + ": use a whole number of minutes or hours that divides an hour or a day, 1d, 1w, or --calendar");
    }

    /**
     * The cron fields of a systemd calendar expression, for the forms cron can hold: the shorthands
     * ({@code hourly}, {@code daily}, ...), and {@code [WEEKDAYS] [*-MONTH-DAY] HOUR:MINUTE[:00]} whose
     * parts are {@code *}, numbers, lists, ranges ({@code ..}) and repetitions ({@code /}).
     */
    static String calendarFields(String expression) {
        String e = expression.strip();
        switch (e.toLowerCase(Locale.ROOT)) {
            case "minutely": return "* * * * *";
            case "hourly": return "0 * * * *";
            case "daily": return "0 0 * * *";
            case "weekly": return "0 0 * * 1";
            case "monthly": return "0 0 1 * *";
            case "yearly": case "annually": return "0 0 1 1 *";
            default: break;
        }
        String[] words = e.split("\\s+");
        String weekdays = "*";
        String month = "*";
        String day = "*";
        String time = null;
        int i = 0;
        if (i < words.length && Character.isLetter(words[i].charAt(0))) {
            weekdays = weekdays(words[i++], expression);
        }
        if (i < words.length && words[i].contains("-")) {
            String[] date = words[i++].split("-");
            if (date.length == 3 && !date[0].equals("*")) {
                throw untranslatable(expression, "cron has no year");
            }
            if (date.length < 2 || date.length > 3) {
                throw untranslatable(expression, "the date is not [*-]MONTH-DAY");
            }
            month = part(date[date.length - 2], 1, 12, expression);
            day = part(date[date.length - 1], 1, 31, expression);
        }
        if (i < words.length && words[i].contains(":")) {
            time = words[i++];
        }
        if (i != words.length) {
            throw untranslatable(expression, "'" + words[i] + "' is not a weekday, date or time");
        }
        String minute = "0";
        String hour = "0";
        if (time != null) {
            String[] hms = time.split(":");
            if (hms.length < 2 || hms.length > 3) {
                throw untranslatable(expression, "the time is not HOUR:MINUTE[:SECOND]");
            }
            if (hms.length == 3 && !hms[2].matches("0{1,2}")) {
                throw untranslatable(expression, "cron has no seconds");
            }
            hour = part(hms[0], 0, 23, expression);
            minute = part(hms[1], 0, 59, expression);
        }
        return minute + " " + hour + " " + day + " " + month + " " + weekdays;
    }

    private static String part(String text, int min, int max, String expression) {
        if (text.equals("*")) {
            return "*";
        }
        StringJoiner list = new StringJoiner(",");
        for (String item : text.split(",", -1)) {
            String step = null;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, max, expression);
                range = item.substring(0, slash);
            }
            String cron;
            if (range.equals("*")) {
                cron = "*";
            } else if (range.contains("..")) {
                String[] ends = range.split("\\.\\.", -1);
                if (ends.length != 2) {
                    throw untranslatable(expression, "'" + item + "' is not a range");
                }
                cron = number(ends[0], min, max, expression) + "-" + number(ends[1], min, max, expression);
            } else {
                cron = number(range, min, max, expression);
                if (step != null) {
                    cron = cron + "-" + max; // systemd's A/S repeats from A to the end of the range
                }
            }
            list.add(step == null ? cron : cron + "/" + step);
        }
        return list.toString();
    }

    private static String number(String text, int min, int max, String expression) {
        if (!text.matches("[0-9]{1,2}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw untranslatable(expression, "'" + text + "' is not a number from " + min + " to " + max);
        }
        return Integer.toString(Integer.parseInt(text));
    }

    private static String weekdays(String text, String expression) {
        StringJoiner list = new StringJoiner(",");
        for (String item : text.split(",", -1)) {
            String[] ends = item.split("\\.\\.", -1);
            if (ends.length > 2) {
                throw untranslatable(expression, "'" + item + "' is not a weekday range");
            }
            List<String> days = new ArrayList<>();
            for (String end : ends) {
                days.add(Integer.toString(weekday(end, expression)));
            }
            list.add(String.join("-", days));
        }
        return list.toString();
    }

    private static int weekday(String name, String expression) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int d = 0; d < DAYS.length; d++) {
            if (n.length() >= 3 && DAYS[d].equals(n.substring(0, 3))) {
                return d == 0 ? 7 : d; // Sunday last, so that Mon..Sun is the range 1-7
            }
        }
        throw untranslatable(expression, "'" + name + "' is not a weekday");
    }

    private static IllegalArgumentException untranslatable(String expression, String why) {
        return new IllegalArgumentException("cron cannot express the calendar '" + expression + "' (" + why
                + "): use --every, a simpler --calendar, or systemd");
    }

    /** A POSIX shell word: single-quoted unless plainly safe. */
    static String shellQuote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** crontab(5): an unescaped {@code %} ends the command; {@code \%} is a literal one. */
    static String escapePercent(String command) {
        return command.replace("%", "\\%");
    }
}
