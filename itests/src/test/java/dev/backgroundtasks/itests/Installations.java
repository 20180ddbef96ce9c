package dev.backgroundtasks.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The built installation, copies of it, and the fixture bundles the tests drop into it. */
final class Installations {
    static final Path BUILT = Path.of(System.getProperty("backgroundtasks.installation",
            "../distribution/target/backgroundtasks")).toAbsolutePath().normalize();
    static final Path FIXTURES = Path.of(System.getProperty("backgroundtasks.fixtures", "../bundles"))
            .toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("backgroundtasks.version", "1.0.0-SNAPSHOT");

    private Installations() {
    }

    /** A private copy of the built installation, which a test may change. */
    static Path copy(Path target) {
        try {
            Files.walkFileTree(BUILT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(BUILT.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(BUILT.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture bundle built by the reactor: bundles/ARTIFACT/target/ARTIFACT-VERSION.jar. */
    static Path fixture(String artifactId) {
        Path jar = FIXTURES.resolve(artifactId).resolve("target").resolve(artifactId + "-" + VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("fixture not built: " + jar);
        }
        return jar;
    }

    static Path testingTasks(Path installation) {
        return installation.resolve("testing/backgroundtasks/dev.backgroundtasks.testing.tasks.jar");
    }

    static Path drop(Path jar, Path folder, String fileName) {
        try {
            Files.createDirectories(folder);
            return Files.copy(jar, folder.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a jar, changing manifest main attributes (a null value removes one). */
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

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
