package dev.backgroundtasks.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the operating system should run a task of this installation: every interval or on a systemd
 * calendar expression, with an optional random delay, catching up missed runs or not, for the user or
 * the whole system, with the task's arguments. An immutable value; each setter returns a new one.
 *
 * <p>{@link #toString()} is the command line of {@code --backgroundtask schedule add} that gives this
 * schedule, and {@link #parseDuration} reads that command line's durations.
 */
public final class TaskSchedule {
    /** Whose scheduler runs the task. */
    public enum Scope {
        /** The registering user's: a systemd user unit, or the user's crontab. */
        USER,
        /** The system's, run as root: a system unit, or a file in {@code /etc/cron.d}. Root only. */
        SYSTEM
    }

    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhdw])");
    private static final String UNITS = "smhdw";
    private static final long[] UNIT_SECONDS = {1, 60, 3600, 86400, 604800};

    private final String task;
    private final Duration interval;
    private final String calendar;
    private final Duration jitter;
    private final boolean catchUp;
    private final Scope scope;
    private final List<String> arguments;

    private TaskSchedule(String task, Duration interval, String calendar, Duration jitter, boolean catchUp,
            Scope scope, List<String> arguments) {
        this.task = task;
        this.interval = interval;
        this.calendar = calendar;
        this.jitter = jitter;
        this.catchUp = catchUp;
        this.scope = scope;
        this.arguments = arguments;
    }

    /**
     * Runs the task every interval (whole seconds, at least one).
     *
     * @throws IllegalArgumentException for a task name the launcher refuses (outside {@code [A-Za-z0-9_-]{1,64}},
     *         or starting with {@code -}) or a bad interval
     */
    public static TaskSchedule every(String task, Duration interval) {
        return new TaskSchedule(checkTask(task), checkSeconds("interval", interval, 1), null, Duration.ZERO, false,
                Scope.USER, List.of());
    }

    /**
     * Runs the task on a systemd calendar expression ({@code daily}, {@code Mon..Fri *-*-* 09:00}, see
     * {@code systemd.time(7)}).
     *
     * @throws IllegalArgumentException for a bad task name, or an empty expression or one with a line break
     */
    public static TaskSchedule calendar(String task, String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank() || expression.indexOf('\n') >= 0 || expression.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the calendar expression '" + expression + "' is empty or has a line break");
        }
        return new TaskSchedule(checkTask(task), null, expression.strip(), Duration.ZERO, false, Scope.USER, List.of());
    }

    /** A random delay of up to {@code jitter} (whole seconds; zero for none) before each run. */
    public TaskSchedule jitter(Duration jitter) {
        return new TaskSchedule(task, interval, calendar, checkSeconds("jitter", jitter, 0), catchUp, scope, arguments);
    }

    /** Whether a run missed while the machine was off runs as soon as it is on again. */
    public TaskSchedule catchUp(boolean catchUp) {
        return new TaskSchedule(task, interval, calendar, jitter, catchUp, scope, arguments);
    }

    public TaskSchedule scope(Scope scope) {
        return new TaskSchedule(task, interval, calendar, jitter, catchUp, Objects.requireNonNull(scope, "scope"),
                arguments);
    }

    /** The task's arguments, passed verbatim (after {@code --}). */
    public TaskSchedule arguments(List<String> arguments) {
        List<String> copy = List.copyOf(arguments);
        for (String a : copy) {
            if (a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a task argument holds a NUL character");
            }
        }
        return new TaskSchedule(task, interval, calendar, jitter, catchUp, scope, copy);
    }

    public String task() {
        return task;
    }

    /** The interval of {@link #every}, or empty for a calendar schedule. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** The expression of {@link #calendar}, or empty for an interval schedule. */
    public Optional<String> calendarExpression() {
        return Optional.ofNullable(calendar);
    }

    /** The random delay; zero for none. */
    public Duration jitter() {
        return jitter;
    }

    public boolean catchUp() {
        return catchUp;
    }

    public Scope scope() {
        return scope;
    }

    public List<String> arguments() {
        return arguments;
    }

    /**
     * A duration of the command line: a number and one unit, {@code s}, {@code m}, {@code h}, {@code d}
     * or {@code w} ({@code 30s}, {@code 15m}, {@code 6h}, {@code 1d}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 30s, 15m, 6h, 1d or 1w");
        }
        return Duration.ofSeconds(Long.parseLong(m.group(1)) * UNIT_SECONDS[UNITS.indexOf(m.group(2))]);
    }

    /** The duration in the syntax of {@link #parseDuration}, in the largest unit that divides it. */
    public static String formatDuration(Duration duration) {
        long seconds = duration.getSeconds();
        for (int i = UNIT_SECONDS.length - 1; i > 0; i--) {
            if (seconds != 0 && seconds % UNIT_SECONDS[i] == 0) {
                return seconds / UNIT_SECONDS[i] + String.valueOf(UNITS.charAt(i));
            }
        }
        return seconds + "s";
    }

    /**
     * The arguments of {@code java -jar launcher.jar --backgroundtask schedule add} that give this schedule,
     * quoted for a POSIX shell where needed.
     */
    @Override
    public String toString() {
        List<String> words = new ArrayList<>();
        words.add(task);
        if (interval != null) {
            words.add("--every");
            words.add(formatDuration(interval));
        } else {
            words.add("--calendar");
            words.add(calendar);
        }
        if (!jitter.isZero()) {
            words.add("--jitter");
            words.add(formatDuration(jitter));
        }
        if (catchUp) {
            words.add("--catch-up");
        }
        if (scope == Scope.SYSTEM) {
            words.add("--system");
        }
        if (!arguments.isEmpty()) {
            words.add("--");
            if (arguments.get(0).startsWith("-")) {
                words.add("--"); // the launcher takes the first "--"; the schedule task reads the second
            }
            words.addAll(arguments);
        }
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.length() == 0 ? "" : " ").append(shellWord(w));
        }
        return b.toString();
    }

    private static String shellWord(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "-_./:=@%+,".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TaskSchedule)) {
            return false;
        }
        TaskSchedule other = (TaskSchedule) o;
        return task.equals(other.task) && Objects.equals(interval, other.interval)
                && Objects.equals(calendar, other.calendar) && jitter.equals(other.jitter) && catchUp == other.catchUp
                && scope == other.scope && arguments.equals(other.arguments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, interval, calendar, jitter, catchUp, scope, arguments);
    }

    private static String checkTask(String task) {
        if (task == null || !TASK_NAME.matcher(task).matches() || task.startsWith("-")) {
            throw new IllegalArgumentException("'" + task + "' is not a task name ([A-Za-z0-9_-]{1,64}, not starting"
                    + " with '-')");
        }
        return task;
    }

    private static Duration checkSeconds(String what, Duration d, long min) {
        Objects.requireNonNull(d, what);
        if (d.getNano() != 0 || d.getSeconds() < min) {
            throw new IllegalArgumentException("the " + what + " " + d + " is not a whole number of seconds of at least "
                    + min);
        }
        return d;
    }
}
