package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * {@code BACKGROUNDTASKS_METRICS_DIR=DIR}: each run rewrites {@code DIR/backgroundtasks-<TASK>.prom} in
 * the Prometheus text format that node_exporter's textfile collector reads. The file is replaced
 * atomically (a new temporary file in DIR, fsync, rename), under a lock file
 * {@code DIR/.backgroundtasks-<TASK>.prom.lock} so that concurrent runs of the task never lose a count.
 * {@code backgroundtasks_runs_total} continues the counts of the previous file; the series of other
 * installations in it are kept. A file that is not a regular file (a link) is never written or replaced.
 */
final class RunMetrics {
    static final String DIRECTORY_VARIABLE = "BACKGROUNDTASKS_METRICS_DIR";

    private static final String[][] GAUGES = {
        {"backgroundtasks_last_run_start_timestamp_seconds", "Start of the task's last run, in seconds since the epoch."},
        {"backgroundtasks_last_run_end_timestamp_seconds", "End of the task's last run, in seconds since the epoch."},
        {"backgroundtasks_last_run_duration_seconds", "Duration of the task's last run, in seconds."},
        {"backgroundtasks_last_exit_code", "Exit code of the task's last run."},
    };
    private static final String RUNS_TOTAL = "backgroundtasks_runs_total";
    /** A sample line this class wrote: name, the labels in our order, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-z_]+)\\{task=\"([^\"]*)\",installation=\"([^\"]*)\"(?:,exit=\"([A-Z_]+)\")?\\} (\\S+)");

    private RunMetrics() {
    }

    static Path file(Path directory, String task) {
        return directory.resolve("backgroundtasks-" + task + ".prom");
    }

    /** Rewrites the task's file; a failure is one warning, never an exception. */
    static void write(Path directory, String installation, RunHistory.Run run, Console console) {
        try {
            writeOrFail(directory, installation, run);
        } catch (IOException | RuntimeException e) {
            console.warnAlways("the metrics file " + file(directory, run.task()) + " cannot be written (" + e
                    + "); the run's exit code is unchanged");
        }
    }

    static void writeOrFail(Path directory, String installation, RunHistory.Run run) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("no such directory " + directory);
        }
        Path target = file(directory, run.task());
        try (FileChannel lockChannel = SafeFiles.openPrivate(directory.resolve("." + target.getFileName() + ".lock"));
                FileLock lock = RunHistory.lock(lockChannel)) {
            // series key (name + labels) -> value; a TreeMap keeps the file's order stable
            Map<String, String> gauges = new TreeMap<>();
            Map<String, Long> totals = new TreeMap<>();
            if (RunHistory.regularFileSize(target) > 0) {
                read(Files.readAllLines(target, StandardCharsets.UTF_8), gauges, totals);
            }
            String labels = "task=\"" + run.task() + "\",installation=\"" + installation + "\"";
            String[] values = {
                seconds(run.start().toEpochMilli()), seconds(run.end().toEpochMilli()), seconds(run.durationMs()),
                Integer.toString(run.exitCode()),
            };
            for (int i = 0; i < GAUGES.length; i++) {
                gauges.put(GAUGES[i][0] + "{" + labels + "}", values[i]);
            }
            totals.merge(RUNS_TOTAL + "{" + labels + ",exit=\"" + run.exitName() + "\"}", 1L, Long::sum);
            replace(directory, target, render(gauges, totals));
        }
    }

    private static void read(List<String> lines, Map<String, String> gauges, Map<String, Long> totals) {
        for (String line : lines) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String key = line.substring(0, line.lastIndexOf(' '));
            if (m.group(1).equals(RUNS_TOTAL) && m.group(4) != null) {
                try {
                    totals.put(key, Long.parseLong(m.group(5)));
                } catch (NumberFormatException e) {
                    // not ours: dropped
                }
            } else if (m.group(4) == null) {
                gauges.put(key, m.group(5));
            }
        }
    }

    static String render(Map<String, String> gauges, Map<String, Long> totals) {
        StringBuilder b = new StringBuilder();
        for (String[] gauge : GAUGES) {
            b.append("# HELP ").append(gauge[0]).append(' ').append(gauge[1]).append('\n');
            b.append("# TYPE ").append(gauge[0]).append(" gauge\n");
            gauges.forEach((key, value) -> {
                if (key.startsWith(gauge[0] + "{")) {
                    b.append(key).append(' ').append(value).append('\n');
                }
            });
        }
        b.append("# HELP ").append(RUNS_TOTAL).append(" Runs of the task, by exit name (ExitCode.name).\n");
        b.append("# TYPE ").append(RUNS_TOTAL).append(" counter\n");
        totals.forEach((key, value) -> b.append(key).append(' ').append(value).append('\n'));
        return b.toString();
    }

    /** Writes a new file beside the target, syncs it, and renames it over the target; nothing left behind. */
    private static void replace(Path directory, Path target, String content) throws IOException {
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // node_exporter reads it as another user
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            RunHistory.regularFileSize(target);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String seconds(long millis) {
        return millis / 1000 + "." + Long.toString(1000 + millis % 1000).substring(1);
    }
}
