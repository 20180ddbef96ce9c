package dev.backgroundtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {
    @TempDir
    Path dir;

    @Test
    void theZipComesFromTheLocalRepositoryByDefault() throws IOException {
        Path zip = dir.resolve("repo/dev/backgroundtasks/dev.backgroundtasks.distribution/2.3.4/"
                + "dev.backgroundtasks.distribution-2.3.4.zip");
        Files.createDirectories(zip.getParent());
        Files.writeString(zip, "zip");
        Map<String, String> properties = Map.of(
                Distribution.LOCAL_REPOSITORY_PROPERTY, dir.resolve("repo").toString(),
                Distribution.VERSION_PROPERTY, "2.3.4");
        assertEquals(zip, Distribution.locate(properties::get));
    }

    @Test
    void mavenRepoLocalThenTheUsersHome() {
        assertEquals(Path.of("/r"), Distribution.localRepository(Map.of("maven.repo.local", "/r")::get));
        assertEquals(Path.of("/home/u/.m2/repository"), Distribution.localRepository(Map.of("user.home", "/home/u")::get));
    }

    @Test
    void theVersionIsTheHarnesssOwnByDefault() {
        assertEquals(Distribution.harnessVersion(), Distribution.version(Map.<String, String>of()::get));
        assertTrue(Distribution.harnessVersion().matches("[0-9].*"), Distribution.harnessVersion());
    }

    @Test
    void anExplicitDistributionWins() throws IOException {
        Path zip = Files.writeString(dir.resolve("any.zip"), "zip");
        assertEquals(zip, Distribution.locate(Map.of(Distribution.DISTRIBUTION_PROPERTY, zip.toString())::get));
    }

    @Test
    void aMissingDistributionSaysHowToGetIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Distribution.locate(Map.of(
                Distribution.LOCAL_REPOSITORY_PROPERTY, dir.toString(), Distribution.VERSION_PROPERTY, "9")::get));
        assertTrue(e.getMessage().contains("dev.backgroundtasks:dev.backgroundtasks.distribution:9"), e.getMessage());
        assertTrue(e.getMessage().contains("<type>zip</type>"), e.getMessage());
    }
}
