package dev.backgroundtasks.task.history.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code --backgroundtask history [TASK] [--limit N] [--json]}: the last runs of this installation's
 * tasks from {@code history.jsonl} (and its rotated generation), as a table or as the JSON lines, then
 * the number of runs of each task by exit name.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "history", minRuntimeMs = 0)
public class HistoryTask implements BackgroundTask {
    static final int USAGE = 11;
    static final String USAGE_TEXT = "usage: --backgroundtask history [TASK] [--limit N] [--json]\n"
            + "  shows the last N runs (default 20) of this installation's tasks, or of TASK, and the number\n"
            + "  of runs of each task by exit name; --json prints the runs as the history's JSON lines";
    static final int DEFAULT_LIMIT = 20;

    private final Path folder;

    @Activate
    public HistoryTask(BundleContext bundleContext) {
        this(folder(bundleContext.getProperty(FrameworkProperties.HISTORY_DIR)));
    }

    /** The folder the launcher names, or null outside background task mode (reported by run). */
    private static Path folder(String property) {
        return property == null || property.isEmpty() ? null : Path.of(property);
    }

    HistoryTask(Path folder) {
        this.folder = folder;
    }

    /** The parsed command line. */
    record Options(String task, int limit, boolean json) {
        static Options parse(List<String> args) {
            String task = null;
            int limit = DEFAULT_LIMIT;
            boolean json = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--json")) {
                    json = true;
                } else if (a.equals("--limit") || a.startsWith("--limit=")) {
                    String value = a.startsWith("--limit=") ? a.substring("--limit=".length())
                            : i + 1 < args.size() ? args.get(++i) : null;
                    if (value == null) {
                        throw new IllegalArgumentException("--limit needs a number");
                    }
                    try {
                        limit = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--limit needs a positive number, not '" + value + "'");
                    }
                    if (limit <= 0) {
                        throw new IllegalArgumentException("--limit needs a positive number, not '" + value + "'");
                    }
                } else if (a.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else if (task == null) {
                    task = a;
                } else {
                    throw new IllegalArgumentException("one TASK at most, not '" + task + "' and '" + a + "'");
                }
            }
            return new Options(task, limit, json);
        }
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        return CompletableFuture.completedFuture(run(context.commandLine().arguments(), System.out, System.err));
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("history: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (folder == null) {
            err.println("history: the framework property " + FrameworkProperties.HISTORY_DIR
                    + " is not set; run this task with --backgroundtask history");
            return 1;
        }
        List<HistoryLine> runs = new ArrayList<>();
        int malformed = 0;
        for (Path file : List.of(folder.resolve("history.jsonl.1"), folder.resolve("history.jsonl"))) {
            for (String line : lines(file, err)) {
                try {
                    HistoryLine run = HistoryLine.parse(line);
                    if (options.task() == null || options.task().equals(run.string("task"))) {
                        runs.add(run);
                    }
                } catch (IllegalArgumentException e) {
                    malformed++;
                }
            }
        }
        if (malformed > 0) {
            err.println("history: skipped " + malformed + " malformed line(s) in " + folder);
        }
        if (runs.isEmpty()) {
            out.println("no runs recorded" + (options.task() == null ? "" : " of task '" + options.task() + "'")
                    + " in " + folder.resolve("history.jsonl"));
            return 0;
        }
        List<HistoryLine> last = runs.subList(Math.max(0, runs.size() - options.limit()), runs.size());
        if (options.json()) {
            last.forEach(r -> out.println(r.text()));
            return 0;
        }
        out.printf("%-24s  %-20s  %4s  %-15s  %9s  %-10s  %s%n", "START", "TASK", "EXIT", "NAME", "DURATION",
                "PROFILE", "REASON");
        for (HistoryLine r : last) {
            out.printf("%-24s  %-20s  %4s  %-15s  %9s  %-10s  %s%n", r.string("start"), r.string("task"),
                    r.value("exitCode"), r.string("exitName"), r.value("durationMs") + " ms", dash(r.string("profile")),
                    dash(r.string("reason")));
        }
        out.println();
        out.println("runs by exit name (" + runs.size() + " recorded):");
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (HistoryLine r : runs) {
            counts.computeIfAbsent(r.string("task"), t -> new TreeMap<>()).merge(r.string("exitName"), 1, Integer::sum);
        }
        counts.forEach((task, byName) -> {
            StringBuilder b = new StringBuilder("  ").append(task).append(':');
            byName.forEach((name, n) -> b.append(' ').append(name).append('=').append(n));
            out.println(b);
        });
        return 0;
    }

    private static List<String> lines(Path file, PrintStream err) {
        try {
            if (Files.isSymbolicLink(file)) {
                err.println("history: " + file + " is a link: not read");
                return List.of();
            }
            // malformed UTF-8 (a torn disk block) spoils one line, not the file
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (NoSuchFileException missing) {
            return List.of();
        } catch (IOException e) {
            err.println("history: " + file + " cannot be read (" + e + ")");
            return List.of();
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
