package dev.backgroundtasks.launcher.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installation hash (docs/reference/profiles.md). */
class InstallationTest {
    @TempDir
    Path temp;

    @Test
    void theHashIsTheFirst16HexDigitsOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("ba7816bf8f01cfea", Installation.hash("abc"));
        // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        assertEquals("e3b0c44298fc1c14", Installation.hash(""));
    }

    @Test
    void theHashIsOfTheUtf8Bytes() {
        // SHA-256 of the UTF-8 bytes c3 a9 ("é")
        assertEquals("4a99557e4033c353", Installation.hash("\u00e9"));
    }

    @Test
    void theInstallationHashIsTheHashOfTheRealPath() throws Exception {
        Installation installation = new Installation(temp);
        assertEquals(Installation.hash(temp.toRealPath().toString()), installation.installHash());
        assertTrue(installation.installHash().matches("[0-9a-f]{16}"));
    }

    @Test
    void aLinkToTheInstallationIsTheSameInstallation() throws Exception {
        Path real = Files.createDirectory(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);
        assertEquals(new Installation(real).installHash(), new Installation(link).installHash());
        assertEquals(real.toRealPath(), new Installation(link).root());
    }

    @Test
    void aMovedInstallationIsANewOne() throws Exception {
        Path a = Files.createDirectory(temp.resolve("a"));
        Path b = Files.createDirectory(temp.resolve("b"));
        assertNotEquals(new Installation(a).installHash(), new Installation(b).installHash());
    }

    @Test
    void theBuildWroteTheVersion() {
        String version = new Installation(temp).version();
        assertFalse(version.equals("unknown") || version.contains("${"), version);
    }

    /** The launcher's own SHA-256 (no JCA on the start-up path) is the standard one, at every padding edge. */
    @Test
    void theHashNeedsNoJcaAndGivesTheStandardValue() throws Exception {
        java.security.MessageDigest jca = java.security.MessageDigest.getInstance("SHA-256");
        for (int length = 0; length <= 300; length++) {
            byte[] input = new byte[length];
            for (int i = 0; i < length; i++) {
                input[i] = (byte) (i * 31 + length);
            }
            assertEquals(java.util.HexFormat.of().formatHex(jca.digest(input)),
                    java.util.HexFormat.of().formatHex(Installation.sha256(input)), "length " + length);
        }
        assertEquals("e3b0c44298fc1c14", Installation.hash(""));
    }
}
