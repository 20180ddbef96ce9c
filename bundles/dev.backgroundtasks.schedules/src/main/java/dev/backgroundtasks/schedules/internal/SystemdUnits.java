package dev.backgroundtasks.schedules.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskSchedule;

/**
 * A schedule as a systemd {@code .service} and {@code .timer} (docs/scheduling.md gives the reasons).
 *
 * <ul>
 * <li>The service is {@code Type=oneshot}; 143 (an orderly stop on SIGTERM) is a success; a failed run
 *     is retried after {@link #RESTART_SEC} unless its code is one of {@link ExitCode#neverRetryable()}.
 * <li>{@code --every} becomes an {@code OnCalendar} where one exists ({@code 1h} is {@code hourly}),
 *     else {@code OnActiveSec} plus {@code OnUnitActiveSec}: {@code OnUnitActiveSec} alone never fires a
 *     first time. {@code Persistent=} acts on {@code OnCalendar} only, so catch-up needs one.
 * <li>Hardened, leaving the file system writable outside {@code /usr}, {@code /boot} and {@code /etc}
 *     so that persistent profiles, the data directory and updates of the installation still work.
 * </ul>
 */
final class SystemdUnits {
    static final String RESTART_SEC = "5min";
    /** Hardening options, in the order written; {@code systemd-analyze security} rates them (docs/scheduling.md). */
    static final List<String> HARDENING = List.of(
            "NoNewPrivileges=yes",
            "ProtectSystem=full",
            "PrivateTmp=yes",
            "PrivateDevices=yes",
            "PrivateMounts=yes",
            "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes",
            "ProtectKernelLogs=yes",
            "ProtectControlGroups=yes",
            "ProtectClock=yes",
            "ProtectHostname=yes",
            "RestrictSUIDSGID=yes",
            "RestrictRealtime=yes",
            "RestrictNamespaces=yes",
            "LockPersonality=yes",
            "KeyringMode=private",
            "SystemCallArchitectures=native",
            "SystemCallFilter=@system-service",
            "SystemCallErrorNumber=EPERM",
            "CapabilityBoundingSet=",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
            "UMask=0077");

    private SystemdUnits() {
    }

    /** The service and the timer, by file name. */
    static Map<String, String> render(Invocation invocation, TaskSchedule s) {
        String name = invocation.unitName(s.task());
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + ".service", service(invocation, s));
        files.put(name + ".timer", timer(invocation, s));
        return files;
    }

    static String service(Invocation invocation, TaskSchedule s) {
        StringBuilder b = head(invocation, s, "", "Service");
        b.append("Type=oneshot\n");
        List<String> command = fastCommand(invocation, s);
        b.append("ExecStart=").append(execLine(command)).append('\n');
        StringJoiner env = new StringJoiner(" ");
        invocation.environment().forEach((k, v) -> env.add(quote(k + "=" + v)));
        if (!command.equals(invocation.command(s))) {
            env.add(quote("BACKGROUNDTASKS_JAVA=" + invocation.java()));
        }
        if (env.length() > 0) {
            b.append("Environment=").append(env).append('\n');
        }
        b.append("SuccessExitStatus=").append(ExitCode.SIGTERM).append('\n');
        b.append("Restart=on-failure\n");
        b.append("RestartSec=").append(RESTART_SEC).append('\n');
        StringJoiner never = new StringJoiner(" ");
        for (int code : ExitCode.neverRetryable()) {
            never.add(Integer.toString(code));
        }
        b.append("RestartPreventExitStatus=").append(never).append('\n');
        for (String option : HARDENING) {
            b.append(option).append('\n');
        }
        return b.toString();
    }

    /**
     * The installation's {@code bin/backgroundtask} (start-up flags and a class archive, README
     * "bin/backgroundtask") in place of {@code java -jar launcher.jar} when it is there; the service's
     * environment then names the same java ({@code BACKGROUNDTASKS_JAVA}).
     */
    static List<String> fastCommand(Invocation invocation, TaskSchedule s) {
        List<String> command = invocation.command(s);
        java.nio.file.Path script = invocation.installation().resolve("bin").resolve("backgroundtask");
        if (!java.nio.file.Files.isExecutable(script)) {
            return command;
        }
        List<String> fast = new java.util.ArrayList<>(List.of(script.toString()));
        fast.addAll(command.subList(3, command.size()));
        return fast;
    }

    static String timer(Invocation invocation, TaskSchedule s) {
        StringBuilder b = head(invocation, s, "Schedule of ", "Timer");
        Optional<String> calendar = s.calendarExpression().or(() -> s.interval().flatMap(SystemdUnits::onCalendar));
        if (calendar.isPresent()) {
            b.append("OnCalendar=").append(escapeSpecifiers(calendar.get())).append('\n');
        } else {
            if (s.catchUp()) {
                throw new IllegalArgumentException("--catch-up needs a calendar time, and --every "
                        + TaskSchedule.formatDuration(s.interval().orElseThrow()) + " has none: use an interval that divides"
                        + " an hour or a day, or --calendar");
            }
            String span = timeSpan(s.interval().orElseThrow());
            // OnUnitActiveSec alone never fires a first time: OnActiveSec starts the cycle when the timer starts.
            b.append("OnActiveSec=").append(span).append('\n');
            b.append("OnUnitActiveSec=").append(span).append('\n');
        }
        if (s.interval().map(i -> i.compareTo(Duration.ofMinutes(2)) < 0).orElse(false)) {
            b.append("AccuracySec=1s\n"); // the default minute would swallow an interval this short
        }
        if (!s.jitter().isZero()) {
            b.append("RandomizedDelaySec=").append(timeSpan(s.jitter())).append('\n');
        }
        if (s.catchUp()) {
            b.append("Persistent=true\n");
        }
        b.append('\n');
        b.append("[Install]\n");
        b.append("WantedBy=timers.target\n");
        return b.toString();
    }

    /** The calendar event that fires every {@code interval}, if one exists: divisors of a minute, an hour, a day; a week. */
    static Optional<String> onCalendar(Duration interval) {
        long s = interval.getSeconds();
        if (s < 60 && 60 % s == 0) {
            return Optional.of("*:*:0/" + s);
        }
        if (s % 60 == 0 && s < 3600 && 3600 % s == 0) {
            long m = s / 60;
            return Optional.of(m == 1 ? "minutely" : "*:0/" + m);
        }
        if (s % 3600 == 0 && s < 86400 && 86400 % s == 0) {
            long h = s / 3600;
            return Optional.of(h == 1 ? "hourly" : "0/" + h + ":00");
        }
        if (s == 86400) {
            return Optional.of("daily");
        }
        if (s == 7 * 86400) {
            return Optional.of("weekly");
        }
        return Optional.empty();
    }

    /** A systemd time span in its largest whole unit: {@code 45min}, {@code 2h}, {@code 90s}. */
    static String timeSpan(Duration d) {
        String cli = TaskSchedule.formatDuration(d);
        return cli.endsWith("m") ? cli.substring(0, cli.length() - 1) + "min" : cli;
    }

    /** The marker, the [Unit] section, and the heading of the unit type's section. */
    private static StringBuilder head(Invocation invocation, TaskSchedule s, String what, String section) {
        StringBuilder b = new StringBuilder();
        b.append(Marker.line(invocation, s)).append('\n');
        b.append("[Unit]\n");
        b.append("Description=").append(escapeSpecifiers(what + "background task " + s.task() + " of "
                + invocation.installation())).append('\n');
        b.append('\n');
        return b.append('[').append(section).append("]\n");
    }

    /** ExecStart's words: systemd splits on white space and unquotes, so each word is quoted (systemd.service(5)). */
    static String execLine(List<String> words) {
        StringJoiner line = new StringJoiner(" ");
        for (String w : words) {
            // a lone ";" separates commands; "\;" is the literal (systemd.service(5), "Command lines")
            line.add(w.equals(";") ? "\\;" : quote(w));
        }
        return line.toString();
    }

    /** A double-quoted word with C escapes, {@code %} and {@code $} doubled (specifiers and variables). */
    static String quote(String word) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                case '%': b.append("%%"); break;
                case '$': b.append("$$"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    private static String escapeSpecifiers(String text) {
        return text.replace("%", "%%");
    }
}
