package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Rebuilding gives the same runtime and installation layers: the build made the image twice (the
 * {@code image} execution, then jlink, the class archive's training and Jib again with emptied caches in
 * {@code image-rebuild}). The third layer, the class archive, may differ: the JVM writes a CDS archive
 * (JDK 17's {@code -Xshare:dump} base and its dynamic archive) or an AOT cache with other bytes on every
 * run, so the two images' manifests, and so their digests, may differ only through it.
 */
class ReproducibleImageIT {
    private static final Path TAR = Path.of(System.getProperty("image.tar"));
    /** The build bakes the class archive only as root, as it runs the image's JRE in a chroot. */
    private static final boolean BAKED = "0".equals(HostTools.output("id", "-u").strip());
    private static final Path REBUILT = Path.of(System.getProperty("image.rebuild.digest")).resolveSibling(TAR.getFileName());

    @Test
    void twoBuildsGiveTheSameRuntimeAndInstallationLayers() {
        List<ImageLayers.Layer> first = ImageLayers.of(TAR);
        List<ImageLayers.Layer> second = ImageLayers.of(REBUILT);
        // a build without root bakes no archive (bake-archive.sh warns), and Jib writes no empty layer
        List<String> names = BAKED ? List.of("runtime", "installation", "archive") : List.of("runtime", "installation");
        assertEquals(names, first.stream().map(ImageLayers.Layer::name).toList(), first::toString);
        assertEquals(names, second.stream().map(ImageLayers.Layer::name).toList(), second::toString);
        assertEquals(first.subList(0, 2), second.subList(0, 2), "the second build's runtime or installation layer differs");
    }

    @Test
    void theDigestIsTheOneTheArchivesIndexNames() throws IOException {
        for (Path digestFile : List.of(Path.of(System.getProperty("image.digest")), Path.of(System.getProperty("image.rebuild.digest")))) {
            String digest = Files.readString(digestFile).strip();
            assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
            Path tar = digestFile.resolveSibling(TAR.getFileName());
            String index = HostTools.output("tar", "-xOf", tar.toString(), "index.json");
            assertTrue(index.contains("\"digest\":\"" + digest + "\""), tar + "'s index.json names " + digest + ": " + index);
        }
    }

    @Test
    void theArchiveLayerHoldsTheClassArchiveAlone() {
        assumeTrue(BAKED, "built without root: no class archive");
        List<ImageLayers.Layer> layers = ImageLayers.of(TAR);
        String option = System.getProperty("image.classArchive");
        String archive = option.substring(option.indexOf('=') + 1).substring(1);
        // Jib lists each file's folders before it
        List<String> files = ImageLayers.files(TAR, layers.get(2)).stream().filter(f -> !f.endsWith("/")).sorted().toList();
        List<String> expected = archive.endsWith(".jsa")
                ? List.of(archive, "opt/backgroundtasks/jre/lib/server/classes.jsa") // the dynamic archive's base
                : List.of(archive);
        assertEquals(expected.stream().sorted().toList(), files, "nothing of the training but the archive");
        assertTrue(ImageLayers.files(TAR, layers.get(0)).stream().noneMatch(f -> f.endsWith(".jsa") || f.endsWith(".aot")),
                "no archive in the runtime layer");
    }
}
