package dev.backgroundtasks.schedules.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of an operating-system tool ({@code systemctl}, {@code crontab}), bounded in time. */
final class OsCommand {
    static final long TIMEOUT_SECONDS = 60;

    /** What the tool did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** This result, or an IOException naming the command and its first line of error. */
        Result orThrow() throws IOException {
            if (exitCode != 0) {
                String why = stderr.strip().isEmpty() ? stdout.strip() : stderr.strip();
                throw new IOException(String.join(" ", command) + " failed with " + exitCode
                        + (why.isEmpty() ? "" : ": " + why.lines().findFirst().orElse("")));
            }
            return this;
        }
    }

    private OsCommand() {
    }

    static Result run(List<String> command, String stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + " (" + e.getMessage() + "): is it installed?", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(command, p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
