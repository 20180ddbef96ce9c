package dev.backgroundtasks.schedules.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * The comment line that marks a file or crontab entry as this installation's schedule of a task and
 * records the schedule, so that {@code list} reads it back exactly and {@code remove} touches only what
 * {@code add} wrote: {@code # <unit name> schedule task=...&every=PT1H&arg=...}, values URL-encoded.
 */
final class Marker {
    private static final String WORD = " schedule ";

    private Marker() {
    }

    static String line(Invocation invocation, TaskSchedule s) {
        StringBuilder b = new StringBuilder("# ").append(invocation.unitName(s.task())).append(WORD);
        b.append("task=").append(encode(s.task()));
        s.interval().ifPresent(i -> b.append("&every=").append(i));
        s.calendarExpression().ifPresent(c -> b.append("&calendar=").append(encode(c)));
        if (!s.jitter().isZero()) {
            b.append("&jitter=").append(s.jitter());
        }
        if (s.catchUp()) {
            b.append("&catchUp=true");
        }
        b.append("&scope=").append(s.scope());
        for (String a : s.arguments()) {
            b.append("&arg=").append(encode(a));
        }
        return b.toString();
    }

    /** The schedule a marker line of this installation records, or empty for any other line. */
    static Optional<TaskSchedule> parse(Invocation invocation, String line) {
        String prefix = "# " + invocation.unitPrefix();
        int word = line.indexOf(WORD);
        if (!line.startsWith(prefix) || word < 0) {
            return Optional.empty();
        }
        String task = null;
        Duration every = null;
        String calendar = null;
        Duration jitter = Duration.ZERO;
        boolean catchUp = false;
        TaskSchedule.Scope scope = TaskSchedule.Scope.USER;
        List<String> args = new ArrayList<>();
        try {
            for (String pair : line.substring(word + WORD.length()).strip().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (key) {
                    case "task": task = value; break;
                    case "every": every = Duration.parse(value); break;
                    case "calendar": calendar = value; break;
                    case "jitter": jitter = Duration.parse(value); break;
                    case "catchUp": catchUp = Boolean.parseBoolean(value); break;
                    case "scope": scope = TaskSchedule.Scope.valueOf(value); break;
                    case "arg": args.add(value); break;
                    default: break; // written by a later version: ignored
                }
            }
            if (task == null || !line.startsWith(prefix + task + WORD)) {
                return Optional.empty();
            }
            TaskSchedule s = every != null ? TaskSchedule.every(task, every) : TaskSchedule.calendar(task, calendar);
            return Optional.of(s.jitter(jitter).catchUp(catchUp).scope(scope).arguments(args));
        } catch (RuntimeException e) {
            return Optional.empty(); // a damaged marker is not a schedule of ours
        }
    }

    /** Whether the line marks this installation's schedule of the task. */
    static boolean marks(Invocation invocation, String task, String line) {
        return line.startsWith("# " + invocation.unitName(task) + WORD);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
