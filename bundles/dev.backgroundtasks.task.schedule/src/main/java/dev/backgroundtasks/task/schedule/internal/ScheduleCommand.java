package dev.backgroundtasks.task.schedule.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.backgroundtasks.api.TaskSchedule;
import dev.backgroundtasks.api.TaskSchedules;

/** The command line of the {@code schedule} task, read into what to do. */
sealed interface ScheduleCommand {
    String USAGE = String.join("\n",
            "usage: --backgroundtask schedule add TASK (--every DURATION | --calendar EXPR) [--jitter DURATION]",
            "                [--catch-up] [--system] [--print [--format systemd|cron|launchd|windows]] [-- TASK-ARGS...]",
            "       --backgroundtask schedule list",
            "       --backgroundtask schedule remove TASK [--system]",
            "DURATION: a number and s, m, h, d or w (15m, 6h, 1d); EXPR: a systemd calendar expression (daily,",
            "'Mon..Fri *-*-* 09:00'). Registers with systemd timers where systemd runs, else with crontab;",
            "--print writes the files to stdout instead (default format systemd) and installs nothing.",
            "The launcher takes the first '--': TASK-ARGS that begin with '-' need a second one.",
            "Exit codes: 0 done, 11 bad command line or a schedule the scheduler cannot express,",
            "12 the operating system refused (permission, systemctl or crontab failed), 13 no such schedule to remove.");

    /** {@code add}: register, or with {@code print} only render in {@code format}. */
    record Add(TaskSchedule schedule, boolean print, TaskSchedules.Format format) implements ScheduleCommand {
    }

    /** {@code list}. */
    record ListSchedules() implements ScheduleCommand {
    }

    /** {@code remove}. */
    record Remove(String task, TaskSchedule.Scope scope) implements ScheduleCommand {
    }

    /** A command line that is not one of the usage's forms; the message says what is wrong. */
    final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static ScheduleCommand parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("missing the command: add, list or remove");
        }
        switch (args.get(0)) {
            case "add":
                return parseAdd(args);
            case "list":
                if (args.size() > 1) {
                    throw new UsageException("list takes no arguments, not '" + args.get(1) + "'");
                }
                return new ListSchedules();
            case "remove":
                return parseRemove(args);
            default:
                throw new UsageException("unknown command '" + args.get(0) + "': use add, list or remove");
        }
    }

    private static ScheduleCommand parseRemove(List<String> args) throws UsageException {
        String task = task(args, "remove");
        TaskSchedule.Scope scope = TaskSchedule.Scope.USER;
        for (String a : args.subList(2, args.size())) {
            if (!a.equals("--system") || scope == TaskSchedule.Scope.SYSTEM) {
                throw new UsageException("remove takes TASK and --system only, not '" + a + "'");
            }
            scope = TaskSchedule.Scope.SYSTEM;
        }
        return new Remove(task, scope);
    }

    private static ScheduleCommand parseAdd(List<String> args) throws UsageException {
        String task = task(args, "add");
        Optional<String> every = Optional.empty();
        Optional<String> calendar = Optional.empty();
        Optional<String> jitter = Optional.empty();
        Optional<String> format = Optional.empty();
        boolean catchUp = false;
        boolean system = false;
        boolean print = false;
        List<String> taskArgs = List.of();
        for (int i = 2; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                taskArgs = args.subList(i + 1, args.size());
                break;
            }
            int eq = a.indexOf('=');
            String option = eq > 0 && a.startsWith("--") ? a.substring(0, eq) : a;
            Optional<String> inline = eq > 0 && a.startsWith("--") ? Optional.of(a.substring(eq + 1)) : Optional.empty();
            switch (option) {
                case "--every":
                    every = once(every, option, value(args, i, inline, option));
                    break;
                case "--calendar":
                    calendar = once(calendar, option, value(args, i, inline, option));
                    break;
                case "--jitter":
                    jitter = once(jitter, option, value(args, i, inline, option));
                    break;
                case "--format":
                    format = once(format, option, value(args, i, inline, option));
                    break;
                case "--catch-up":
                    catchUp = flag(catchUp, option, inline);
                    continue;
                case "--system":
                    system = flag(system, option, inline);
                    continue;
                case "--print":
                    print = flag(print, option, inline);
                    continue;
                default:
                    if (!a.startsWith("-")) {
                        taskArgs = args.subList(i, args.size()); // the launcher took the "--" before them
                        i = args.size();
                        continue;
                    }
                    throw new UsageException("unknown option '" + a + "' (task arguments that begin with '-' go after"
                            + " '-- --': the launcher takes the first '--')");
            }
            if (inline.isEmpty()) {
                i++; // the value was the next argument
            }
        }
        if (every.isPresent() == calendar.isPresent()) {
            throw new UsageException("give exactly one of --every DURATION and --calendar EXPR");
        }
        TaskSchedules.Format chosen = TaskSchedules.Format.SYSTEMD;
        if (format.isPresent()) {
            chosen = format(format.get());
            if (!print) {
                throw new UsageException(chosen == TaskSchedules.Format.LAUNCHD || chosen == TaskSchedules.Format.WINDOWS
                        ? "--format " + format.get() + " is print-only on this system: add --print"
                        : "--format needs --print: add installs with the scheduler this machine runs");
            }
        }
        try {
            TaskSchedule s = every.isPresent() ? TaskSchedule.every(task, TaskSchedule.parseDuration(every.get()))
                    : TaskSchedule.calendar(task, calendar.get());
            if (jitter.isPresent()) {
                s = s.jitter(TaskSchedule.parseDuration(jitter.get()));
            }
            s = s.catchUp(catchUp).scope(system ? TaskSchedule.Scope.SYSTEM : TaskSchedule.Scope.USER).arguments(taskArgs);
            return new Add(s, print, chosen);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String task(List<String> args, String command) throws UsageException {
        if (args.size() < 2 || args.get(1).startsWith("-")) {
            throw new UsageException(command + " needs the task's name first");
        }
        return args.get(1);
    }

    private static String value(List<String> args, int i, Optional<String> inline, String option) throws UsageException {
        if (inline.isPresent()) {
            return inline.get();
        }
        if (i + 1 >= args.size() || args.get(i + 1).equals("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i + 1);
    }

    private static Optional<String> once(Optional<String> previous, String option, String value) throws UsageException {
        if (previous.isPresent()) {
            throw new UsageException(option + " given twice");
        }
        return Optional.of(value);
    }

    private static boolean flag(boolean previous, String option, Optional<String> inline) throws UsageException {
        if (previous || inline.isPresent()) {
            throw new UsageException(option + " takes no value and comes once");
        }
        return true;
    }

    private static TaskSchedules.Format format(String name) throws UsageException {
        try {
            return TaskSchedules.Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown format '" + name + "': use systemd, cron, launchd or windows");
        }
    }
}
