package dev.backgroundtasks.schedules.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * Schedules as crontab entries where systemd does not run: the user's crontab (read with
 * {@code crontab -l}, written whole with {@code crontab -}), or for the system scope a file
 * {@code /etc/cron.d/backgroundtasks-<installHash>-<TASK>}. An entry is the marker line and the line
 * after it; adding replaces this installation's entry of the task, and leaves every other line as it was.
 */
final class Crontabs {
    static final Path SYSTEM_FOLDER = Path.of("/etc/cron.d");

    private final Invocation invocation;
    private final Path systemFolder;

    Crontabs(Invocation invocation, Path systemFolder) {
        this.invocation = invocation;
        this.systemFolder = systemFolder;
    }

    void add(TaskSchedule s) throws IOException {
        String entry = CronEntry.render(invocation, s);
        if (s.scope() == TaskSchedule.Scope.SYSTEM) {
            OwnedFiles.checkScope(TaskSchedule.Scope.SYSTEM);
            OwnedFiles.write(systemFolder.resolve(CronEntry.fileName(invocation, s)), entry, "rw-r--r--",
                    line -> Marker.marks(invocation, s.task(), line));
            return;
        }
        List<String> lines = without(readUserCrontab(), s.task());
        lines.addAll(entry.lines().toList());
        writeUserCrontab(lines);
    }

    boolean remove(String task, TaskSchedule.Scope scope) throws IOException {
        if (scope == TaskSchedule.Scope.SYSTEM) {
            Path file = systemFolder.resolve(invocation.unitName(task));
            if (!Files.exists(file)) {
                return false;
            }
            OwnedFiles.checkScope(TaskSchedule.Scope.SYSTEM);
            return OwnedFiles.delete(file, line -> Marker.marks(invocation, task, line));
        }
        if (!Tools.exists("crontab")) {
            return false;
        }
        List<String> lines = readUserCrontab();
        List<String> kept = without(lines, task);
        if (kept.size() == lines.size()) {
            return false;
        }
        writeUserCrontab(kept);
        return true;
    }

    List<TaskSchedule> list(TaskSchedule.Scope scope) throws IOException {
        List<TaskSchedule> result = new ArrayList<>();
        if (scope == TaskSchedule.Scope.SYSTEM) {
            if (Files.isDirectory(systemFolder)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(systemFolder, invocation.unitPrefix() + "*")) {
                    for (Path f : files) {
                        Optional<String> first = OwnedFiles.firstLine(f);
                        if (first.isPresent()) {
                            Marker.parse(invocation, first.get()).ifPresent(result::add);
                        }
                    }
                }
            }
        } else if (Tools.exists("crontab")) {
            for (String line : readUserCrontab()) {
                Marker.parse(invocation, line).ifPresent(result::add);
            }
        }
        return result;
    }

    /** The lines without this installation's entry of the task: its marker and the line after it. */
    private List<String> without(List<String> lines, String task) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (Marker.marks(invocation, task, lines.get(i))) {
                i++; // the entry line
                continue;
            }
            kept.add(lines.get(i));
        }
        return kept;
    }

    private static List<String> readUserCrontab() throws IOException {
        OsCommand.Result r = OsCommand.run(List.of("crontab", "-l"), null);
        if (r.exitCode() != 0 && r.stderr().contains("no crontab")) {
            return new ArrayList<>();
        }
        return new ArrayList<>(r.orThrow().stdout().lines().toList());
    }

    private static void writeUserCrontab(List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        OsCommand.run(List.of("crontab", "-"), b.toString()).orThrow();
    }
}
