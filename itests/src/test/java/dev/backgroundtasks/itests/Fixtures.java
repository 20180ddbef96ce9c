package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.backgroundtasks.testing.TaskInstallation;

/**
 * The bundles this reactor built for the tests, and broken copies of them. The installations the tests
 * run in are the kit's ({@code @WithInstallation}, {@link TaskInstallation}).
 */
public final class Fixtures {
    static final Path BUNDLES = Path.of(System.getProperty("backgroundtasks.fixtures", "../bundles"))
            .toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("backgroundtasks.version", "1.0.0-SNAPSHOT");
    /** The module that builds the test-only tasks, and the start of each task bundle's file name. */
    private static final String TESTING_TASKS_MODULE = "dev.backgroundtasks.testing.tasks";
    private static final Path TESTING_TASKS = BUNDLES.resolve(TESTING_TASKS_MODULE).resolve("target");

    private Fixtures() {
    }

    /**
     * A bundle built by this reactor, {@code bundles/ARTIFACT/target/ARTIFACT-VERSION.jar}: the file the
     * build just made, never a possibly stale copy in the local repository.
     */
    public static Path fixture(String artifactId) {
        return built(BUNDLES.resolve(artifactId).resolve("target").resolve(artifactId + "-" + VERSION + ".jar"));
    }

    /**
     * The bundle of one test-only task as this reactor built it: the module makes one bundle per task,
     * {@code bundles/dev.backgroundtasks.testing.tasks/target/dev.backgroundtasks.testing.tasks-VERSION-TASK.jar}.
     */
    public static Path testingTask(String task) {
        return built(TESTING_TASKS.resolve(TESTING_TASKS_MODULE + "-" + VERSION + "-" + task + ".jar"));
    }

    /** The bundles of every test-only task, as this reactor built them. */
    public static List<Path> testingTasks() {
        try (Stream<Path> jars = Files.list(TESTING_TASKS)) {
            List<Path> all = jars.filter(jar -> jar.getFileName().toString()
                    .matches(Pattern.quote(TESTING_TASKS_MODULE + "-" + VERSION + "-") + "[a-z_]+\\.jar")).sorted().toList();
            if (all.isEmpty()) {
                throw new IllegalStateException("test-only task bundles not built: " + TESTING_TASKS);
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundle of one test-only task, as the installation ships it. */
    static Path testingTask(TaskInstallation installation, String task) {
        return installation.testingTasks().resolve("dev.backgroundtasks.testing.task." + task + ".jar");
    }

    private static Path built(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("fixture not built: " + jar);
        }
        return jar;
    }

    /** Removes a tree the test made. */
    static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a jar, changing manifest main attributes (a null value removes one). */
    /**
     * Waits (bounded) until no process of this user has {@code TMPDIR=tmp} in its environment: the detached
     * children a test started through the kit's {@code tmpdir(tmp)} inherit it, and one still stopping would
     * write into the folder while JUnit removes it.
     */
    static void awaitNoProcessIn(Path tmp) {
        byte[] entry = ("TMPDIR=" + tmp).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.awaitility.Awaitility.await("the processes started in " + tmp + " exit").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> ProcessHandle.allProcesses()
                        .filter(p -> p.pid() != ProcessHandle.current().pid())
                        .noneMatch(p -> environmentHas(p.pid(), entry)));
    }

    private static boolean environmentHas(long pid, byte[] entry) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException gone) { // exited, or not ours to read
            return false;
        }
        for (int start = 0; start < environ.length; ) {
            int end = start;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            if (java.util.Arrays.equals(environ, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    static Path withManifest(Path jar, Path target, String... nameValuePairs) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                if (nameValuePairs[i + 1] == null) {
                    main.remove(new Attributes.Name(nameValuePairs[i]));
                } else {
                    main.putValue(nameValuePairs[i], nameValuePairs[i + 1]);
                }
            }
            Files.createDirectories(target.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mainAttribute(Path jar, String name) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first bytes of a jar: a half-copied file. */
    static Path truncated(Path jar, Path target, int bytes) {
        try (InputStream in = Files.newInputStream(jar); OutputStream out = Files.newOutputStream(target)) {
            out.write(in.readNBytes(bytes));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites JAR with every class's ASCII constant FROM replaced by TO (the same length). */
    static void patchClasses(Path jar, String from, String to) throws IOException {
        byte[] a = from.getBytes(StandardCharsets.US_ASCII);
        byte[] b = to.getBytes(StandardCharsets.US_ASCII);
        assertEquals(a.length, b.length);
        Path patched = jar.resolveSibling(jar.getFileName() + ".patched");
        int hits = 0;
        try (ZipFile zip = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(patched);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".class")) {
                    for (int i = 0; i + a.length <= bytes.length; i++) {
                        if (java.util.Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
                            System.arraycopy(b, 0, bytes, i, b.length);
                            hits++;
                        }
                    }
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        assertTrue(hits > 0, "no class of " + jar + " holds " + from);
        Files.move(patched, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
