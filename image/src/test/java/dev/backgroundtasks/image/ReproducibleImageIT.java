package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Rebuilding gives the same image: the build made the archive twice (the {@code image} execution, then
 * jlink again and Jib with emptied caches in {@code image-rebuild}), and both have one manifest digest,
 * the one the archive's own index names.
 */
class ReproducibleImageIT {
    private static final Path TAR = Path.of(System.getProperty("image.tar"));

    @Test
    void twoBuildsGiveOneDigest() throws IOException {
        String first = digest(System.getProperty("image.digest"));
        String second = digest(System.getProperty("image.rebuild.digest"));
        assertTrue(first.matches("sha256:[0-9a-f]{64}"), first);
        assertEquals(first, second, "the second build of the image has another digest");
        String index = HostTools.output("tar", "-xOf", TAR.toString(), "index.json");
        assertTrue(index.contains("\"digest\":\"" + first + "\""), "the archive's index.json names " + first + ": " + index);
    }

    @Test
    void theTwoArchivesAreTheSameBytes() throws IOException {
        Path rebuilt = Path.of(System.getProperty("image.rebuild.digest")).resolveSibling(TAR.getFileName());
        assertEquals(-1, Files.mismatch(TAR, rebuilt), TAR + " and " + rebuilt + " differ");
    }

    private static String digest(String file) throws IOException {
        return Files.readString(Path.of(file)).strip();
    }
}
