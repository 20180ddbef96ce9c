package dev.backgroundtasks.schedules.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * Schedules as systemd timers: the units written to the user's unit folder (or, for the system scope,
 * {@code /etc/systemd/system}), then {@code systemctl daemon-reload}, {@code enable} and {@code restart}
 * of the timer, so that a changed schedule takes effect at once; adding the same schedule again only
 * makes sure the timer is enabled and started, without re-arming it.
 */
final class SystemdTimers {
    /** Present when systemd is the init system (sd_booted(3)). */
    static final Path RUNNING_MARKER = Path.of("/run/systemd/system");
    static final Path SYSTEM_UNITS = Path.of("/etc/systemd/system");

    private final Invocation invocation;
    private final Path userUnits;

    SystemdTimers(Invocation invocation, Path userUnits) {
        this.invocation = invocation;
        this.userUnits = userUnits;
    }

    /** {@code $XDG_CONFIG_HOME/systemd/user}, else {@code ~/.config/systemd/user}. */
    static Path userUnitFolder(Map<String, String> env) {
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isEmpty() ? Path.of(config)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("systemd").resolve("user");
    }

    static boolean isRunning() {
        return Files.isDirectory(RUNNING_MARKER);
    }

    Path folder(TaskSchedule.Scope scope) {
        return scope == TaskSchedule.Scope.SYSTEM ? SYSTEM_UNITS : userUnits;
    }

    void add(TaskSchedule s) throws IOException {
        OwnedFiles.checkScope(s.scope());
        checkCalendar(s);
        Map<String, String> files = SystemdUnits.render(invocation, s);
        Path folder = folder(s.scope());
        List<Path> created = new ArrayList<>();
        boolean changed = false;
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = folder.resolve(f.getKey());
                if (!Files.exists(file)) {
                    created.add(file);
                }
                if (!unchanged(file, f.getValue())) {
                    OwnedFiles.write(file, f.getValue(), "rw-r--r--", line -> Marker.marks(invocation, s.task(), line));
                    changed = true;
                }
            }
            String timer = invocation.unitName(s.task()) + ".timer";
            if (changed) {
                systemctl(s.scope(), "daemon-reload");
            }
            systemctl(s.scope(), "enable", timer);
            // a restart re-arms the timer: only for a changed schedule, or adding again would postpone the next run
            systemctl(s.scope(), changed ? "restart" : "start", timer);
        } catch (IOException | RuntimeException e) {
            for (Path p : created) {
                Files.deleteIfExists(p); // nothing half-registered: a new schedule leaves no file behind
            }
            throw e;
        }
    }

    private static boolean unchanged(Path file, String content) throws IOException {
        return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).equals(content);
    }

    boolean remove(String task, TaskSchedule.Scope scope) throws IOException {
        Path folder = folder(scope);
        String name = invocation.unitName(task);
        Path timer = folder.resolve(name + ".timer");
        Path service = folder.resolve(name + ".service");
        if (!Files.exists(timer) && !Files.exists(service)) {
            return false;
        }
        OwnedFiles.checkScope(scope);
        if (isRunning()) {
            systemctl(scope, "disable", "--now", name + ".timer");
        }
        OwnedFiles.delete(timer, line -> Marker.marks(invocation, task, line));
        OwnedFiles.delete(service, line -> Marker.marks(invocation, task, line));
        if (isRunning()) {
            systemctl(scope, "daemon-reload");
        }
        return true;
    }

    /** The schedules whose timers are in the scope's folder. */
    List<TaskSchedule> list(TaskSchedule.Scope scope) throws IOException {
        List<TaskSchedule> result = new ArrayList<>();
        Path folder = folder(scope);
        if (!Files.isDirectory(folder)) {
            return result;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, invocation.unitPrefix() + "*.timer")) {
            for (Path timer : s) {
                Optional<String> first = OwnedFiles.firstLine(timer);
                if (first.isPresent()) {
                    Marker.parse(invocation, first.get()).ifPresent(result::add);
                }
            }
        }
        return result;
    }

    /** The calendar checked by systemd itself, where systemd-analyze exists: a bad one is a usage error. */
    static void checkCalendar(TaskSchedule s) throws IOException {
        if (s.calendarExpression().isEmpty() || !Tools.exists("systemd-analyze")) {
            return;
        }
        OsCommand.Result r = OsCommand.run(List.of("systemd-analyze", "calendar", s.calendarExpression().get()), null);
        if (r.exitCode() != 0) {
            throw new IllegalArgumentException("systemd does not accept the calendar '" + s.calendarExpression().get()
                    + "': " + r.stderr().strip().lines().findFirst().orElse("see systemd.time(7)"));
        }
    }

    private static void systemctl(TaskSchedule.Scope scope, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("systemctl"));
        if (scope == TaskSchedule.Scope.USER) {
            command.add("--user");
        }
        command.addAll(List.of(args));
        OsCommand.run(command, null).orThrow();
    }
}
