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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, libraries as OSGi means them: real libraries from Maven Central dropped into
 * app/backgroundtasks/ beside the platform's, each task wired to what its imports ask for, the task's
 * context class loader, and JDBC through the OSGi JDBC service and through DriverManager.
 */
class LibrariesIT {
    static final Path LIBRARIES = Path.of(System.getProperty("backgroundtasks.libraries", "target/drop-in-libraries"))
            .toAbsolutePath();
    static final String JACKSON_PREVIOUS = System.getProperty("backgroundtasks.jackson.previous", "2.18.2");
    static final String JACKSON = System.getProperty("backgroundtasks.jackson", "2.23.0");

    @TempDir
    Path tmp;
    Path inst;
    Path app;

    @BeforeEach
    void installation() {
        inst = Installations.copy(tmp.resolve("inst"));
        app = inst.resolve("app/backgroundtasks");
    }

    private Launch launch(String... args) {
        return Launch.in(inst).tmpdir(tmp).args(args);
    }

    /** Drops a library copied by itests' pom (its Maven file name) into app/backgroundtasks/. */
    private void dropLibrary(String fileName) {
        Path jar = LIBRARIES.resolve(fileName);
        assertTrue(Files.isRegularFile(jar), () -> "not copied by the pom: " + jar);
        Installations.drop(jar, app, fileName);
    }

    /** Jackson of that version with the JSR-310 module, which the fixture's tasks import, and the tasks. */
    private void dropJackson(String version) {
        for (String artifact : List.of("jackson-core", "jackson-databind", "jackson-annotations", "jackson-datatype-jsr310")) {
            dropLibrary(artifact + "-" + version + ".jar");
        }
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.jackson"), app, "jackson-tasks.jar");
    }

    private static String installing(Launch.Result r) {
        return r.stderr().stream().filter(l -> l.contains("installing [")).findFirst().orElse("");
    }

    @Test
    void jacksonOfAnotherVersionBesideThePlatformsWiresToItsOwnCore() {
        dropJackson(JACKSON_PREVIOUS);
        Launch.Result r = launch("--backgroundtask", "jacksonversions", "--pref=toolkit.backgroundtasks.loglevel=debug").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("databind " + JACKSON_PREVIOUS + " core " + JACKSON_PREVIOUS + " databind-core " + JACKSON_PREVIOUS,
                r.out(), r::toString);
        // annotations, which databind 2.18 accepts in [2.18,3), may be the platform's: it uses no core
        assertFalse(installing(r).contains("jackson-core " + JACKSON), r::toString);
        assertFalse(installing(r).contains("jackson-databind " + JACKSON), r::toString);
        assertFalse(r.err().contains("warning"), r::toString);

        // the platform's own users of Jackson keep the platform's version in the same installation
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.actors"), app, "actors.jar");
        Launch.Result actors = launch("--backgroundtask", "actors_ping", "--pref=toolkit.backgroundtasks.loglevel=debug").run();
        assertTrue(installing(actors).contains("com.fasterxml.jackson.core.jackson-databind " + JACKSON + " "), actors::toString);
        assertFalse(installing(actors).contains(JACKSON_PREVIOUS), actors::toString);
        assertTrue(actors.exitCode() != 5, actors::toString);

        Launch.Result list = launch("--list-tasks").run();
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.out().contains("(skipped)"), list::toString);
    }

    @Test
    void anAuthorsCopyOfThePlatformsJacksonIsUsedOnceWithoutAWarning() {
        dropLibrary("jackson-databind-" + JACKSON + ".jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.actors"), app, "actors.jar");
        Launch.Result r = launch("--backgroundtask", "actors_ping", "--pref=toolkit.backgroundtasks.loglevel=debug").run();
        assertTrue(r.exitCode() != 5, r::toString);
        assertFalse(r.err().contains("warning"), r::toString);
        assertFalse(installing(r).contains("app/backgroundtasks/jackson-databind"), r::toString);
    }

    @Test
    void findAndRegisterModulesFindsADroppedInModuleTheTaskImports() {
        dropJackson(JACKSON_PREVIOUS);
        Launch.Result r = launch("--backgroundtask", "jacksonmodules").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().endsWith("{\"day\":\"2026-12-06\"}"), r::toString);
        assertTrue(r.out().contains("jackson-datatype-jsr310"), r::toString);
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
            Launch.Result r = launch("--backgroundtask", "jsonhttp",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/status").run();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("status: green", r.out(), r::toString);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ofTwoVersionsOfOneLibraryTheHigherWinsAndANarrowRangeGetsItsOwn() throws IOException {
        // file names in sort order put the older first: the first file name must not decide
        dropLibrary("commons-lang3-3.12.0.jar");
        dropLibrary("commons-lang3-3.17.0.jar");
        Path fixture = Installations.fixture("dev.backgroundtasks.testing.fixture.lang3");
        Installations.drop(fixture, app, "lang3-task.jar");
        Launch.Result wide = launch("--backgroundtask", "lang3version").run();
        assertEquals(0, wide.exitCode(), wide::toString);
        assertEquals("Commons-lang3 3.17.0", wide.out(), wide::toString);
        assertTrue(launch("--list-tasks").run().stdout().stream()
                .anyMatch(l -> l.startsWith("(unused)\tapp\t") && l.contains("commons-lang3-3.12.0.jar")));

        String imports = Installations.mainAttribute(fixture, "Import-Package");
        String narrowed = imports.replace("org.apache.commons.lang3;version=\"[3.12,4)\"",
                "org.apache.commons.lang3;version=\"[3.12,3.13)\"");
        assertFalse(narrowed.equals(imports), imports);
        Files.delete(app.resolve("lang3-task.jar"));
        Installations.withManifest(fixture, app.resolve("lang3-task.jar"), "Import-Package", narrowed);
        Launch.Result narrow = launch("--backgroundtask", "lang3version").run();
        assertEquals(0, narrow.exitCode(), narrow::toString);
        assertEquals("Commons-lang3 3.12.0", narrow.out(), narrow::toString);
        Launch.Result list = launch("--list-tasks").run();
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("(unused)\tapp\t") && l.contains("commons-lang3-3.17.0.jar")),
                list::toString);
    }

    @Test
    void h2ThroughTheOsgiJdbcService() {
        dropLibrary("h2-2.3.232.jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.jdbc"), app, "jdbc-tasks.jar");
        Launch.Result r = launch("--backgroundtask", "h2datasource").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("h2datasource on H2 2.3.232"), r::toString);
    }

    /** The choice of issue 14: DriverManager works for a driver whose package the task bundle imports. */
    @Test
    void driverManagerFindsADriverTheTaskImports() {
        dropLibrary("h2-2.3.232.jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.jdbc"), app, "jdbc-tasks.jar");
        Launch.Result r = launch("--backgroundtask", "h2drivermanager").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("DriverManager: H2 2.3.232"), r::toString);
    }

    @Test
    void aSkippedCopyOfAPlatformBundleIsReportedOnlyWhereItWouldHaveBeenInstalled() throws IOException {
        Path actors;
        try (var s = Files.list(inst.resolve("bundles"))) {
            actors = s.filter(p -> p.getFileName().toString().startsWith("dev.backgroundtasks.actors")).findFirst().orElseThrow();
        }
        Installations.drop(actors, app, "my-own-actors.jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.actors"), app, "actors.jar");
        Launch.Result success = launch("--backgroundtask", "success").run();
        assertEquals(0, success.exitCode(), success::toString);
        assertFalse(success.err().contains("my-own-actors.jar"), success::toString);

        Launch.Result ping = launch("--backgroundtask", "actors_ping").run();
        assertTrue(ping.err().contains("my-own-actors.jar"), ping::toString);

        Launch.Result list = launch("--list-tasks").run();
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("(skipped)\tapp\t") && l.contains("my-own-actors.jar")),
                list::toString);
    }

    @Test
    void librariesOnJdk25() {
        Path java = Path.of(System.getProperty("backgroundtasks.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        Assumptions.assumeTrue(new File(java.toString()).canExecute(), "no JDK 25 here");
        dropJackson(JACKSON_PREVIOUS);
        dropLibrary("h2-2.3.232.jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.jdbc"), app, "jdbc-tasks.jar");
        for (String task : List.of("jacksonversions", "jacksonmodules", "h2datasource", "h2drivermanager")) {
            // the same tasks as above, on the other JDK a user may have
            Launch.Result r = launch("--backgroundtask", task).java(java.toString()).run();
            assertEquals(0, r.exitCode(), r::toString);
            assertFalse(r.out().isEmpty(), r::toString);
            assertEquals(List.of(), r.stderr().stream().filter(l -> !l.isBlank() && !l.startsWith("*** You are running in background task mode")).toList(),
                    r::toString);
        }
    }
}
