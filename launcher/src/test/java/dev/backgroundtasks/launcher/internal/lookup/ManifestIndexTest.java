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

        Map<String, ManifestIndex.Entry> entries = new HashMap<>();
        assertTrue(ManifestIndex.parse(Files.readAllBytes(dir.resolve(ManifestIndex.FILE)), entries));
        assertEquals(2, entries.size(), entries::toString);
        ManifestIndex.Entry goodEntry = entries.get(good.toAbsolutePath().toString());
        assertEquals("org.example.good;version=\"1.2.3\"", goodEntry.header("Export-Package"));
        assertEquals(null, goodEntry.header("Import-Package"));
        assertEquals(Files.size(good), goodEntry.size);
        assertEquals("not a bundle (no manifest)", entries.get(plain.toAbsolutePath().toString()).invalid);

        ManifestIndex second = ManifestIndex.in(dir);
        BundleManifest again = second.read(good);
        assertEquals("org.example.good", again.symbolicName());
        assertEquals("1.2.3", again.version().toString());
        BundleManifest.InvalidBundleException e = assertThrows(BundleManifest.InvalidBundleException.class, () -> second.read(plain));
        assertEquals("not a bundle (no manifest)", e.getMessage());
    }

    @Test
    void aBundleMadeFromTheIndexIsTheBundleReadFromItsJar() throws Exception {
        Path jar = TestBundles.jar(dir.resolve("all.jar"), TestBundles.attributes("org.example.all;singleton:=true", " 2.1.0.q ",
                "Fragment-Host", "org.example.host;bundle-version=\"[1,2)\"",
                "Export-Package", "org.example.all;version=\"2.1\";uses:=\"org.example.api\",org.exämple.more:9",
                "Import-Package", "org.example.api;version=\"[1,2)\",org.example.opt;resolution:=optional",
                "Require-Bundle", "org.example.req;bundle-version=\"1.0\"",
                "Require-Capability", "osgi.service;filter:=\"(objectClass=org.example.S)\";effective:=active",
                "Provide-Capability", TestBundles.TASK_NAMESPACE + ";" + TestBundles.TASK_NAMESPACE + "=all",
                "Bundle-Name", "not kept"));
        ManifestIndex first = ManifestIndex.in(dir);
        BundleManifest read = first.read(jar);
        first.save();
        BundleManifest known = ManifestIndex.in(dir).read(jar);
        assertEquals(read.symbolicName(), known.symbolicName());
        assertEquals(read.version(), known.version());
        assertEquals("org.example.host", known.fragmentHost());
        assertEquals(read.isFragment(), known.isFragment());
        assertTrue(known.mayDeclare(TestBundles.TASK_NAMESPACE));
        assertEquals(read.capabilities().toString(), known.capabilities().toString());
        assertEquals(read.requirements().toString(), known.requirements().toString());
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
        String v3 = "backgroundtasks manifest index 3 (path|size|mtime|inode|ctime|slots)\n";
        for (String bad : List.of("#Manifests of candidate jars (the first format)\nx|1|2|3|4|Bundle-SymbolicName=y\n",
                "backgroundtasks manifest index 2 (path|size|mtime|inode|ctime)\nkey\u00002\u0000a\u0000b\u0000",
                v3 + "6:/x.jar1:11:21:31:41:0",
                v3 + "6:/x.jar3:one1:21:31:41:9",
                v3 + "6:/x.jar1:11:21:31:41:92:=a",
                v3 + "6:/x.jar1:11:21:31:41:90:0:0:0:0:0:0:0:0:",
                v3 + "6:/x.jar1:11:21:31:41:97:invalid6:reason",
                v3 + "6:/x.jar1:11:21:31:41:97:invalid6:reason99:",
                v3 + "6:/x.jar1:11:21:31:4x:17:invalid6:reason0:",
                v3 + "6:/x.jar:1:11:21:31:47:invalid6:reason0:")) {
            Files.writeString(dir.resolve(ManifestIndex.FILE), bad);
            assertFalse(ManifestIndex.parse(bad.getBytes(StandardCharsets.UTF_8), new HashMap<>()), bad);
            ManifestIndex index = ManifestIndex.in(dir);
            assertEquals("org.example.lib", index.read(jar).symbolicName());
            index.save();
            Map<String, ManifestIndex.Entry> entries = new HashMap<>();
            assertTrue(ManifestIndex.parse(Files.readAllBytes(dir.resolve(ManifestIndex.FILE)), entries), bad);
            assertEquals(1, entries.size());
        }
    }
}
