package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;

/**
 * An installation's {@code bin/backgroundtask} (README "bin/backgroundtask") run with a HOME and an
 * XDG_CACHE_HOME of the test's own, so that the class archives it makes, and its training runs, are the
 * test's and never the user's.
 */
final class BinScript {
    /** How long a detached training run may take to leave its archive, on a busy 2-core machine. */
    static final Duration TRAINING = Duration.ofSeconds(180);

    private final TaskInstallation installation;
    private final Path home;
    private final Path cache;

    private BinScript(TaskInstallation installation, Path home, Path cache) {
        this.installation = installation;
        this.home = home;
        this.cache = cache;
    }

    /** The script of {@code installation}, with its home and cache below {@code folder}. */
    static BinScript in(TaskInstallation installation, Path folder) {
        try {
            return new BinScript(installation, Files.createDirectories(folder.resolve("home")),
                    folder.resolve("cache").resolve("backgroundtasks"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's cache directory, {@code $XDG_CACHE_HOME/backgroundtasks}: made by its first run. */
    Path cache() {
        return cache;
    }

    /** {@code run} started through the script, on the JVM {@code java}, with the private home and cache. */
    BackgroundTaskRun apply(BackgroundTaskRun run, String java) {
        return run.in(installation).script(installation.path().resolve("bin/backgroundtask"))
                .env("BACKGROUNDTASKS_JAVA", java).env("HOME", home.toString())
                .env("XDG_CACHE_HOME", cache.getParent().toString()).env("JAVA_HOME", null);
    }

    /** The archive's file suffix for a JDK feature release: AppCDS before 25, the AOT cache from 25. */
    static String suffix(int jdk) {
        return jdk >= 25 ? ".aot" : ".jsa";
    }

    /** The archives with {@code suffix} in the cache now. */
    List<Path> archives(String suffix) {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An archive with {@code suffix} other than {@code other} (null: any): a run makes none itself, its
     * detached training run does, within {@link #TRAINING}.
     */
    Path awaitArchive(String suffix, Path other) {
        await("the training run's archive").atMost(TRAINING).pollInterval(Duration.ofMillis(200))
                .until(() -> archives(suffix).stream().anyMatch(p -> !p.equals(other)));
        return archives(suffix).stream().filter(p -> !p.equals(other)).findFirst().orElseThrow();
    }
}
