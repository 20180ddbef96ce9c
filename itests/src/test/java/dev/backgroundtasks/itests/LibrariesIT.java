package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;

/**
 * Libraries as OSGi means them (docs/writing-tasks.md): real libraries from Maven Central dropped into
 * app/backgroundtasks/ beside the platform's, each task wired to what its imports ask for, the task's
 * context class loader, and JDBC through the OSGi JDBC service and through DriverManager.
 */
class LibrariesIT extends InstallationPerTest {
    static final Path LIBRARIES = Path.of(System.getProperty("backgroundtasks.libraries", "target/drop-in-libraries"))
            .toAbsolutePath();
    static final String JACKSON_PREVIOUS = System.getProperty("backgroundtasks.jackson.previous", "2.18.2");
    static final String JACKSON = System.getProperty("backgroundtasks.jackson", "2.23.0");

    private BackgroundTaskRun launch(String... args) {
        return BackgroundTaskRun.launcher(args);
    }

    /** Drops a library copied by itests' pom (its Maven file name) into app/backgroundtasks/. */
    private void dropLibrary(String fileName) {
        Path jar = LIBRARIES.resolve(fileName);
        assertTrue(Files.isRegularFile(jar), () -> "not copied by the pom: " + jar);
        inst.drop(jar, app, fileName);
    }

    /** Jackson of that version with the JSR-310 module, which the fixture's tasks import, and the tasks. */
    private void dropJackson(String version) {
        for (String artifact : List.of("jackson-core", "jackson-databind", "jackson-annotations", "jackson-datatype-jsr310")) {
            dropLibrary(artifact + "-" + version + ".jar");
        }
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.jackson"), app, "jackson-tasks.jar");
    }

    private static String installing(BackgroundTaskResult r) {
        return r.stderr().stream().filter(l -> l.contains("installing [")).findFirst().orElse("");
    }

    @Test
    void jacksonOfAnotherVersionBesideThePlatformsWiresToItsOwnCore() {
        dropJackson(JACKSON_PREVIOUS);
        BackgroundTaskResult r = launch("--backgroundtask", "jacksonversions", "--pref=toolkit.backgroundtasks.loglevel=debug").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("databind " + JACKSON_PREVIOUS + " core " + JACKSON_PREVIOUS + " databind-core " + JACKSON_PREVIOUS,
                r.stdoutText(), r::toString);
        // annotations, which databind 2.18 accepts in [2.18,3), may be the platform's: it uses no core
        assertFalse(installing(r).contains("jackson-core " + JACKSON), r::toString);
        assertFalse(installing(r).contains("jackson-databind " + JACKSON), r::toString);
        assertFalse(r.stderrText().contains("warning"), r::toString);

        // the platform's own users of Jackson keep the platform's version in the same installation
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.actors"), app, "actors.jar");
        BackgroundTaskResult actors = launch("--backgroundtask", "actors_ping", "--pref=toolkit.backgroundtasks.loglevel=debug").run();
        assertTrue(installing(actors).contains("com.fasterxml.jackson.core.jackson-databind " + JACKSON + " "), actors::toString);
        assertFalse(installing(actors).contains(JACKSON_PREVIOUS), actors::toString);
        assertTrue(actors.exitCode() != 5, actors::toString);

        BackgroundTaskResult list = launch("--list-tasks").run();
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.stdoutText().contains("(skipped)"), list::toString);
    }

    @Test
    void anAuthorsCopyOfThePlatformsJacksonIsUsedOnceWithoutAWarning() {
        dropLibrary("jackson-databind-" + JACKSON + ".jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.actors"), app, "actors.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "actors_ping", "--pref=toolkit.backgroundtasks.loglevel=debug").run();
        assertTrue(r.exitCode() != 5, r::toString);
        assertFalse(r.stderrText().contains("warning"), r::toString);
        assertFalse(installing(r).contains("app/backgroundtasks/jackson-databind"), r::toString);
    }

    @Test
    void findAndRegisterModulesFindsADroppedInModuleTheTaskImports() {
        dropJackson(JACKSON_PREVIOUS);
        BackgroundTaskResult r = launch("--backgroundtask", "jacksonmodules").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().endsWith("{\"day\":\"2026-12-06\"}"), r::toString);
        assertTrue(r.stdoutText().contains("jackson-datatype-jsr310"), r::toString);
    }

    /** docs/writing-tasks.md, "JSON and HTTP": the example against a server on the loopback interface. */
    @Test
    void jsonOverHttp() throws IOException {
        dropJackson(JACKSON_PREVIOUS);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            byte[] body = "{\"status\":\"green\",\"checks\":3}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            BackgroundTaskResult r = launch("--backgroundtask", "jsonhttp",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/status").run();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("status: green", r.stdoutText(), r::toString);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ofTwoVersionsOfOneLibraryTheHigherWinsAndANarrowRangeGetsItsOwn() throws IOException {
        // file names in sort order put the older first: the first file name must not decide
        dropLibrary("commons-lang3-3.12.0.jar");
        dropLibrary("commons-lang3-3.17.0.jar");
        Path fixture = Fixtures.fixture("dev.backgroundtasks.testing.fixture.lang3");
        inst.drop(fixture, app, "lang3-task.jar");
        BackgroundTaskResult wide = launch("--backgroundtask", "lang3version").run();
        assertEquals(0, wide.exitCode(), wide::toString);
        assertEquals("Commons-lang3 3.17.0", wide.stdoutText(), wide::toString);
        assertTrue(launch("--list-tasks").run().stdout().stream()
                .anyMatch(l -> l.startsWith("(unused)\tapp\t") && l.contains("commons-lang3-3.12.0.jar")));

        String imports = Fixtures.mainAttribute(fixture, "Import-Package");
        String narrowed = imports.replace("org.apache.commons.lang3;version=\"[3.12,4)\"",
                "org.apache.commons.lang3;version=\"[3.12,3.13)\"");
        assertFalse(narrowed.equals(imports), imports);
        Files.delete(app.resolve("lang3-task.jar"));
        Fixtures.withManifest(fixture, app.resolve("lang3-task.jar"), "Import-Package", narrowed);
        BackgroundTaskResult narrow = launch("--backgroundtask", "lang3version").run();
        assertEquals(0, narrow.exitCode(), narrow::toString);
        assertEquals("Commons-lang3 3.12.0", narrow.stdoutText(), narrow::toString);
        BackgroundTaskResult list = launch("--list-tasks").run();
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("(unused)\tapp\t") && l.contains("commons-lang3-3.17.0.jar")),
                list::toString);
    }

    @Test
    void h2ThroughTheOsgiJdbcService() {
        dropLibrary("h2-2.3.232.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.jdbc"), app, "jdbc-tasks.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "h2datasource").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().startsWith("h2datasource on H2 2.3.232"), r::toString);
    }

    /** docs/writing-tasks.md, "Databases": DriverManager works for a driver whose package the task bundle imports. */
    @Test
    void driverManagerFindsADriverTheTaskImports() {
        dropLibrary("h2-2.3.232.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.jdbc"), app, "jdbc-tasks.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "h2drivermanager").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().startsWith("DriverManager: H2 2.3.232"), r::toString);
    }

    @Test
    void aSkippedCopyOfAPlatformBundleIsReportedOnlyWhereItWouldHaveBeenInstalled() throws IOException {
        Path actors;
        try (var s = Files.list(inst.path().resolve("bundles"))) {
            actors = s.filter(p -> p.getFileName().toString().startsWith("dev.backgroundtasks.actors")).findFirst().orElseThrow();
        }
        inst.drop(actors, app, "my-own-actors.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.actors"), app, "actors.jar");
        BackgroundTaskResult success = launch("--backgroundtask", "success").run();
        assertEquals(0, success.exitCode(), success::toString);
        assertFalse(success.stderrText().contains("my-own-actors.jar"), success::toString);

        BackgroundTaskResult ping = launch("--backgroundtask", "actors_ping").run();
        assertTrue(ping.stderrText().contains("my-own-actors.jar"), ping::toString);

        BackgroundTaskResult list = launch("--list-tasks").run();
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("(skipped)\tapp\t") && l.contains("my-own-actors.jar")),
                list::toString);
    }

    @Test
    void librariesOnJdk25() {
        Path java = Path.of(System.getProperty("backgroundtasks.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        Assumptions.assumeTrue(new File(java.toString()).canExecute(), "no JDK 25 here");
        dropJackson(JACKSON_PREVIOUS);
        dropLibrary("h2-2.3.232.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.jdbc"), app, "jdbc-tasks.jar");
        for (String task : List.of("jacksonversions", "jacksonmodules", "h2datasource", "h2drivermanager")) {
            // the same tasks as above, on the other JDK a user may have
            BackgroundTaskResult r = launch("--backgroundtask", task).java(java).run();
            assertEquals(0, r.exitCode(), r::toString);
            assertFalse(r.stdoutText().isEmpty(), r::toString);
            assertEquals(List.of(), r.stderr().stream().filter(l -> !l.isBlank() && !l.startsWith("*** You are running in background task mode")).toList(),
                    r::toString);
        }
    }
}
