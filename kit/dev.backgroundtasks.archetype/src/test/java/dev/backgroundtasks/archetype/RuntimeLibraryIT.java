package dev.backgroundtasks.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archetype wires the project's runtime dependencies into both generated tests. The project
 * {@code projects/runtimelibrary} that archetype:integration-test generated (and only validated: its goal.txt)
 * gets a runtime dependency on commons-lang3, a bundle from Maven Central, which its task then uses; its
 * own build, a forked {@code mvn verify} on the same local repository and settings, must pass the black-box
 * test and the pax-exam test, neither of which can run the task without the library.
 */
class RuntimeLibraryIT {
    private static final String LANG3 = System.getProperty("commons.lang3.version");
    private static final Path GENERATED = Path.of(System.getProperty("generated.projects"), "runtimelibrary", "project",
            "com.example.tasks.purge");

    @TempDir
    Path tmp;

    @Test
    void aGeneratedProjectWithARuntimeLibraryPassesBothTests() throws Exception {
        Path project = copy(GENERATED, tmp.resolve("purge"));
        Path pom = project.resolve("pom.xml");
        String anchor = "    <!-- Black-box tests:";
        String text = Files.readString(pom);
        assertTrue(text.contains(anchor), "the generated pom changed: update this test");
        Files.writeString(pom, text.replace(anchor, """
                    <dependency>
                      <groupId>org.apache.commons</groupId>
                      <artifactId>commons-lang3</artifactId>
                      <version>%s</version>
                    </dependency>
                """.formatted(LANG3) + anchor));
        Path task = project.resolve("src/main/java/com/example/tasks/purge/PurgeTask.java");
        String removedLine = "\"Removed \" + removed";
        String source = Files.readString(task);
        assertTrue(source.contains(removedLine), "the generated task changed: update this test");
        Files.writeString(task, source.replace(removedLine,
                "org.apache.commons.lang3.StringUtils.capitalize(\"removed \") + removed"));

        Path log = tmp.resolve("build.log");
        Process build = new ProcessBuilder(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B",
                "-s", System.getProperty("it.settings"), "-Dmaven.repo.local=" + System.getProperty("it.localRepository"),
                "verify").directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES)) {
            build.destroyForcibly();
        }
        assertEquals(0, build.exitValue(), () -> "the generated project's build failed:\n" + tail(log));

        try (JarFile jar = new JarFile(project.resolve("target/com.example.tasks.purge-1.0.0-SNAPSHOT.jar").toFile())) {
            assertTrue(jar.getManifest().getMainAttributes().getValue("Import-Package").contains("org.apache.commons.lang3"),
                    "the task bundle imports the library");
        }
        assertTrue(Files.isRegularFile(project.resolve("target/runtime-bundles/commons-lang3-" + LANG3 + ".jar")));
        for (String test : List.of("PurgeTaskIT", "PurgeTaskInFrameworkIT")) {
            Path report = project.resolve("target/failsafe-reports/TEST-com.example.tasks.purge." + test + ".xml");
            assertTrue(Files.isRegularFile(report), () -> test + " did not run:\n" + tail(log));
            Matcher counts = Pattern.compile("<testsuite [^>]*tests=\"(\\d+)\"[^>]*errors=\"(\\d+)\"[^>]*failures=\"(\\d+)\"")
                    .matcher(Files.readString(report));
            assertTrue(counts.find(), report::toString);
            assertTrue(Integer.parseInt(counts.group(1)) >= 2, test + " ran its tests");
            assertEquals("0 0", counts.group(2) + " " + counts.group(3), test + " errors and failures");
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no build log: " + e + ")";
        }
    }
}
