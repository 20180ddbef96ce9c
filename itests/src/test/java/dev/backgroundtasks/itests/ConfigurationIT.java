package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;

/**
 * Configuration (docs/writing-tasks.md, "Configuration"): conf/ applied through Configuration Admin and the Configurator before components
 * activate, with env and secret interpolation, factory configurations, REQUIRE without configuration, and the
 * secret in no output.
 */
class ConfigurationIT extends InstallationPerTest {
    private static final String SECRET = "s3cret-Pa55-Only-In-The-File";
    private static final String FIXTURE = "dev.backgroundtasks.testing.fixture.configured";

    @TempDir
    Path tmp;
    Path secrets;

    @BeforeEach
    void configuration() throws IOException {
        inst.drop(Fixtures.fixture(FIXTURE), app, "configured.jar");
        for (String file : List.of("mail.json", "endpoints.json")) {
            try (InputStream in = ConfigurationIT.class.getResourceAsStream("/conf/" + file)) {
                Files.createDirectories(inst.path().resolve("conf"));
                Files.copy(in, inst.path().resolve("conf").resolve(file));
            }
        }
        secrets = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secrets.resolve("mail-password"), SECRET);
    }

    private BackgroundTaskRun launch(String... args) {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("MAIL_USER", "reporter").env("BACKGROUNDTASKS_SECRETS_DIR", secrets.toString())
                .args(args);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertConfigured(BackgroundTaskResult r, String endpoints) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("mail smtp.example.org:2525 user reporter password sha256 " + sha256(SECRET) + " endpoints "
                + endpoints), r.stdout(), r::toString);
        assertTrue(LoggingIT.hasLine(r, LoggingIT.LINE + "INFO " + FIXTURE
                + ": sending the report through smtp.example.org:2525 as reporter"), r::toString);
        assertFalse(r.stdoutText().contains(SECRET) || r.stderrText().contains(SECRET), r::toString);
    }

    @Test
    void confWithEnvSecretAndFactoryConfigurations() throws Exception {
        Path graph = tmp.resolve("graph.json");
        BackgroundTaskResult r = launch("--backgroundtask", "mail_report", "--pref", "toolkit.backgroundtasks.loglevel=debug")
                .env("BACKGROUNDTASKS_GRAPH_FILE", graph.toString()).run();
        assertConfigured(r, "[eu=https://eu.example.org, us=https://us.example.org]");
        assertTrue(Files.isRegularFile(graph), r::toString);
        assertFalse(Files.readString(graph).contains(SECRET));
        BackgroundTaskResult list = launch("--list-tasks").run();
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.stdoutText().contains(SECRET) || list.stderrText().contains(SECRET), list::toString);
    }

    @Test
    void confOnJdk25() throws Exception {
        assertConfigured(launch("--backgroundtask", "mail_report", "--pref", "toolkit.backgroundtasks.loglevel=info")
                .java(LoggingIT.jdk25()).run(), "[eu=https://eu.example.org, us=https://us.example.org]");
    }

    @Test
    void confIsTheSourceOfTruthRunAfterRun() throws Exception {
        Path profile = tmp.resolve("profile");
        assertConfigured(launch("--backgroundtask", "mail_report", "--profile", profile.toString(),
                "--pref", "toolkit.backgroundtasks.loglevel=info").run(), "[eu=https://eu.example.org, us=https://us.example.org]");
        Files.delete(inst.path().resolve("conf/endpoints.json"));
        assertConfigured(launch("--backgroundtask", "mail_report", "--profile", profile.toString(),
                "--pref", "toolkit.backgroundtasks.loglevel=info").run(), "[eu=https://eu.example.org]");
    }

    @Test
    void diagnosticsListsTheConfigurationsWithSecretsMasked() {
        BackgroundTaskResult r = launch("--backgroundtask", "diagnostics").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().contains("mail.json: example.mail {"), r::toString);
        assertTrue(r.stdoutText().contains("\"password\": \"******** (secret mail-password)\""), r::toString);
        assertTrue(r.stdoutText().contains("endpoints.json: example.endpoint~us"), r::toString);
        assertFalse(r.stdoutText().contains(SECRET) || r.stderrText().contains(SECRET), r::toString);
    }

    @Test
    void requiredConfigurationMissingExitsFiveAtOnceNamingThePid() {
        BackgroundTaskResult r = launch("--backgroundtask", "required_configuration").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("example.required"), r::toString);
        assertTrue(r.stderrText().contains(inst.path().resolve("conf").toString()), r::toString);
        // the fast path, not the 5 s wait for the service (docs/reference/lookup.md)
        assertFalse(r.stderrText().contains("did not register the task's service"), r::toString);
    }
}
