package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.IntSupplier;

import dev.backgroundtasks.api.ExitCode;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.profile.PersistentProfiles;

/**
 * Run history: every background-task run that got as far as a task name appends one JSON
 * line to {@code history.jsonl} in the installation's folder of the data directory, and with
 * {@code BACKGROUNDTASKS_METRICS_DIR} rewrites the task's Prometheus file ({@link RunMetrics}).
 *
 * <p>Neither ever changes a run: a history or metrics file that cannot be written is one warning
 * line and the exit code stays the task's. Appends take a lock file beside the history (waiting at
 * most {@link #LOCK_WAIT_MS}), write each line with one {@code O_APPEND} write, and rotate the file
 * to {@code history.jsonl.1} (one generation kept) before it would pass {@link #MAX_BYTES}. No link
 * is followed inside the installation's folder, and the folder itself must not be a link.
 */
final class RunHistory {
    static final String FILE = "history.jsonl";
    static final String ROTATED = FILE + ".1";
    static final String LOCK = FILE + ".lock";
    /** The history rotates before passing this size: about 4500 runs of 230 bytes. */
    static final long MAX_BYTES = 1L << 20;
    /** Test-only: a smaller rotation size, in bytes. */
    static final String MAX_BYTES_PROPERTY = "backgroundtasks.history.maxBytes";
    static final long LOCK_WAIT_MS = 10_000;
    /** How long a second caller waits for the record in progress: its lock wait, and its writes. */
    static final long RECORD_WAIT_MS = LOCK_WAIT_MS + 5_000;
    /** Benchmark-only ({@code bench/history/run.sh}): {@code true} records nothing, to measure the cost. */
    static final String OFF_PROPERTY = "backgroundtasks.history.off";
    /** The switch a warm host gives its run (never a system property): the record says {@code "warm":true}. */
    public static final String WARM_SWITCH = "warm";

    private final boolean off;
    private final boolean warm;
    private final long maxBytes;

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The kind of profile a run used, once its task is found. */
    private volatile String profileKind;
    /** Records the run in progress, once: at its return, or before the watchdog halts the JVM. */
    private Recorder pending;
    /** A record is being written. */
    private boolean recording;

    /** One run, as history and metrics record it. */
    record Run(String task, Instant start, Instant end, long durationMs, int exitCode, String host, String version,
            long pid, String profile, String reason, boolean warm) {
        /**
         * {@link ExitCode#name}: 129, 130 and 143 are SIGNAL, and only the launcher's signal path returns
         * them, since a task's own value outside 0..125 ends the run with 3 (EXCEPTION).
         */
        String exitName() {
            return ExitCode.name(exitCode);
        }

        /** One line; a StringBuilder, since a 22-part string concatenation spins method handles on every run. */
        String json() {
            StringBuilder b = new StringBuilder(256);
            b.append("{\"task\":").append(Json.string(task));
            b.append(",\"start\":\"").append(iso(start)).append("\",\"end\":\"").append(iso(end));
            b.append("\",\"durationMs\":").append(durationMs).append(",\"exitCode\":").append(exitCode);
            b.append(",\"exitName\":").append(Json.string(exitName()));
            b.append(",\"host\":").append(Json.string(host)).append(",\"version\":").append(Json.string(version));
            b.append(",\"pid\":").append(pid).append(",\"profile\":").append(Json.string(profile));
            b.append(",\"reason\":").append(Json.string(reason));
            return b.append(",\"warm\":").append(warm).append("}\n").toString();
        }
    }

    /** Whether this run is a warm host's. */
    boolean warm() {
        return warm;
    }

    /** The installation's folder of the data directory, which holds its history. */
    static Path folder(Map<String, String> env, String installHash) {
        return PersistentProfiles.dataDirectory(env).resolve("installation-" + installHash);
    }

    /** The task was found: the kind of profile its run uses (ephemeral or persistent, explicit when given). */
    void found(boolean persistentProfile) {
        profileKind = persistentProfile ? "persistent" : "ephemeral";
    }

    /**
     * Runs {@code run} and records it, on every return path. A run handed to a child JVM (the debugger,
     * a successful {@code --detach}) is recorded by the child.
     */
    int around(Installation installation, Map<String, String> env, Console console, LaunchRequest request,
            IntSupplier run) {
        Instant start = Instant.now();
        long started = System.nanoTime();
        synchronized (this) {
            pending = (code, crash) -> record(installation, env, console, request, start, started, code, crash);
        }
        int code = ExitCode.FAILURE;
        String crash = null;
        try {
            code = run.getAsInt();
            return code;
        } catch (RuntimeException | Error e) {
            crash = e.toString();
            throw e;
        } finally {
            recordOnce(code, crash);
        }
    }

    /** The watchdog is about to halt the JVM with code: record the run now, since no finally block runs. */
    void halting(int code) {
        recordOnce(code, null);
    }

    /**
     * The first caller records; a later one (the watchdog halting as the main thread returns, or the
     * reverse) waits until that line is written, at most {@link #RECORD_WAIT_MS}, so that neither the halt
     * nor the exit cuts the record short.
     */
    private void recordOnce(int code, String crash) {
        Recorder recorder;
        synchronized (this) {
            recorder = pending;
            pending = null;
            if (recorder == null) {
                long deadline = System.nanoTime() + RECORD_WAIT_MS * 1_000_000L;
                long left;
                while (recording && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        wait(Math.max(1, left / 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                return;
            }
            recording = true;
        }
        try {
            recorder.record(code, crash);
        } finally {
            synchronized (this) {
                recording = false;
                notifyAll();
            }
        }
    }

    private interface Recorder {
        void record(int code, String crash);
    }

    private void record(Installation installation, Map<String, String> env, Console console, LaunchRequest request,
            Instant start, long started, int code, String crash) {
        if (request.debugger() || request.detach() && code == ExitCode.SUCCESS || off) {
            return;
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000L;
        String reason = code == ExitCode.SUCCESS ? null : crash != null ? crash : console.firstFailure();
        String explicit = request.profile() != null ? request.profile() : env.get("BACKGROUNDTASKS_PROFILE_PATH");
        String profile = explicit != null && !explicit.isEmpty() && profileKind != null ? "explicit" : profileKind;
        Run record = new Run(request.taskName(), start, start.plusMillis(durationMs), durationMs, code, host(),
                installation.version(), pid(), profile, firstLine(reason), warm);
        append(folder(env, installation.installHash()), record, console);
        String metrics = env.get(RunMetrics.DIRECTORY_VARIABLE);
        if (metrics != null && !metrics.isEmpty()) {
            RunMetrics.write(Path.of(metrics), installation.installHash(), record, console);
        }
    }

    /** Appends one line; a failure is one warning, never an exception. */
    void append(Path folder, Run run, Console console) {
        try {
            appendOrFail(folder, run.json().getBytes(StandardCharsets.UTF_8), maxBytes);
        } catch (java.nio.file.FileSystemException e) {
            if (READ_ONLY_FILE_SYSTEM.equals(e.getReason())) {
                // a container's read-only root without a data volume: no history is kept, by design
                console.info("no run history: " + folder + " is on a read-only file system");
            } else {
                warnNotWritten(folder, e, console);
            }
        } catch (IOException | RuntimeException e) {
            warnNotWritten(folder, e, console);
        }
    }

    /** The reason Linux gives for EROFS. */
    private static final String READ_ONLY_FILE_SYSTEM = "Read-only file system";

    private static void warnNotWritten(Path folder, Exception e, Console console) {
        console.warnAlways("the run history " + folder.resolve(FILE) + " cannot be written (" + e
                + "); the run's exit code is unchanged");
    }

    static void appendOrFail(Path folder, byte[] line, long maxBytes) throws IOException {
        SafeFiles.ensurePrivateDirectory(folder);
        if (!Files.readAttributes(folder, BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
            throw new IOException(folder + " is not a directory");
        }
        try (FileChannel lockChannel = SafeFiles.openPrivate(folder.resolve(LOCK)); FileLock lock = lock(lockChannel)) {
            Path history = folder.resolve(FILE);
            long size = regularFileSize(history);
            if (size > 0 && size + line.length > maxBytes) {
                Files.move(history, folder.resolve(ROTATED), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel out = FileChannel.open(history, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                // one write(2) with O_APPEND: a line is never interleaved with another run's
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
    }

    /** Takes the lock within {@link #LOCK_WAIT_MS}, or fails: a run never waits on its history longer. */
    static FileLock lock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT_MS * 1_000_000L;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("its lock is held by another process for more than " + LOCK_WAIT_MS + " ms");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for its lock");
            }
        }
    }

    /** The size of a regular file, 0 when missing; anything else (a link, a directory) is refused. */
    static long regularFileSize(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException missing) {
            return 0;
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file");
        }
        return attributes.size();
    }

    /** The run history of a launch, with the test and benchmark switches it was given. */
    RunHistory(Map<String, String> switches) {
        off = Boolean.parseBoolean(switches.get(OFF_PROPERTY));
        warm = Boolean.parseBoolean(switches.get(WARM_SWITCH));
        long max = MAX_BYTES;
        try {
            String given = switches.get(MAX_BYTES_PROPERTY);
            max = given == null ? MAX_BYTES : Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            // not a number: the default
        }
        maxBytes = max;
    }

    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).stripTrailing();
    }

    /**
     * ISO-8601 UTC with milliseconds, as {@code Instant.toString} prints it for a whole millisecond, written
     * by hand: {@code Instant.toString} loads java.time's formatter, about 40 classes, on every run.
     */
    static String iso(Instant instant) {
        long millis = instant.toEpochMilli();
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(24);
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        }
        b.append(year).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        return pad(b, (int) Math.floorMod(millis, 1000), 3).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int digits) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    /** This process's id; /proc/self avoids ProcessHandle, whose set-up loads a thread pool's classes. */
    static long pid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    /** The kernel's host name, without a DNS lookup (which can take seconds). */
    static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            String name = System.getenv("COMPUTERNAME");
            if (name == null) {
                name = System.getenv("HOSTNAME");
            }
            return name;
        }
    }

    /** JSON strings written by hand: the launcher loads no JSON library on its start-up path. */
    static final class Json {
        private Json() {
        }

        static String string(String s) {
            if (s == null) {
                return "null";
            }
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': b.append("\\\""); break;
                    case '\\': b.append("\\\\"); break;
                    case '\n': b.append("\\n"); break;
                    case '\r': b.append("\\r"); break;
                    case '\t': b.append("\\t"); break;
                    case '\b': b.append("\\b"); break;
                    case '\f': b.append("\\f"); break;
                    default:
                        // control characters, the JavaScript line separators, and lone surrogates (which
                        // UTF-8 cannot encode) as \\uXXXX
                        if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
                                && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                                        && Character.isLowSurrogate(s.charAt(i + 1)))
                                && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                }
            }
            return b.append('"').toString();
        }
    }
}
