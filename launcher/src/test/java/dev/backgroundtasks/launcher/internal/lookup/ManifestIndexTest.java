package dev.backgroundtasks.launcher.internal.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest index of the runtime directory: what lookup keeps between runs, and what it does with a bad file. */
class ManifestIndexTest {
    @TempDir
    Path dir;

    @Test
    void whatOneRunReadsTheNextFindsInTheIndex() throws Exception {
        Path good = TestBundles.jar(dir.resolve("good.jar"), TestBundles.attributes("org.example.good", "1.2.3",
                "Export-Package", "org.example.good;version=\"1.2.3\""));
        Path plain = TestBundles.jarWithoutManifest(dir.resolve("plain.jar"));
        ManifestIndex first = ManifestIndex.in(dir);
        assertEquals("org.example.good", first.read(good).symbolicName());
        assertThrows(BundleManifest.InvalidBundleException.class, () -> first.read(plain));
        first.save();

        Map<String, List<String>> entries = new HashMap<>();
        assertTrue(ManifestIndex.parse(Files.readAllBytes(dir.resolve(ManifestIndex.FILE)), entries));
        assertEquals(2, entries.size(), entries::toString);
        assertTrue(entries.values().stream().anyMatch(f -> f.contains("org.example.good;version=\"1.2.3\"")), entries::toString);
        assertTrue(entries.values().stream().anyMatch(f -> f.contains("not a bundle (no manifest)")), entries::toString);

        ManifestIndex second = ManifestIndex.in(dir);
        BundleManifest again = second.read(good);
        assertEquals("org.example.good", again.symbolicName());
        assertEquals("1.2.3", again.version().toString());
        BundleManifest.InvalidBundleException e = assertThrows(BundleManifest.InvalidBundleException.class, () -> second.read(plain));
        assertEquals("not a bundle (no manifest)", e.getMessage());
    }

    @Test
    void aJarReplacedInPlaceIsReadAgain() throws Exception {
        Path jar = TestBundles.jar(dir.resolve("lib.jar"), TestBundles.attributes("org.example.one", "1.0.0"));
        ManifestIndex first = ManifestIndex.in(dir);
        first.read(jar);
        first.save();
        TestBundles.jar(dir.resolve("lib.jar.new"), TestBundles.attributes("org.example.two", "1.0.0"));
        Files.move(dir.resolve("lib.jar.new"), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("org.example.two", ManifestIndex.in(dir).read(jar).symbolicName());
    }

    @Test
    void anIndexOfAnotherFormatOrMalformedIsReadAsEmptyAndRewritten() throws Exception {
        Path jar = TestBundles.jar(dir.resolve("lib.jar"), TestBundles.attributes("org.example.lib", "1.0.0"));
        for (String bad : List.of("#Manifests of candidate jars (the first format)\nx|1|2|3|4|Bundle-SymbolicName=y\n",
                "backgroundtasks manifest index 2 (path|size|mtime|inode|ctime)\nkey\u00002000000000\u0000",
                "backgroundtasks manifest index 2 (path|size|mtime|inode|ctime)\nkey\u0000two\u0000",
                "backgroundtasks manifest index 2 (path|size|mtime|inode|ctime)\nkey\u00004\u0000a\u0000b\u0000")) {
            Files.writeString(dir.resolve(ManifestIndex.FILE), bad);
            assertFalse(ManifestIndex.parse(bad.getBytes(StandardCharsets.UTF_8), new HashMap<>()), bad);
            ManifestIndex index = ManifestIndex.in(dir);
            assertEquals("org.example.lib", index.read(jar).symbolicName());
            index.save();
            Map<String, List<String>> entries = new HashMap<>();
            assertTrue(ManifestIndex.parse(Files.readAllBytes(dir.resolve(ManifestIndex.FILE)), entries), bad);
            assertEquals(1, entries.size());
        }
    }
}
