package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's layering: an application's layer on top of the image adds task bundles and the libraries they
 * import to {@code app/backgroundtasks/}, and the inherited entry point runs them on the image's jlink runtime.
 */
class ApplicationLayerIT {
    private static final Duration RUN_BOUND = Duration.ofMinutes(2);

    private static UnpackedImage image;

    @BeforeAll
    static void unpack(@TempDir Path tmp) throws IOException {
        HostTools.require("skopeo", "umoci", "unshare", "chroot", "mount");
        HostTools.requireRoot();
        Path app = Files.createDirectory(tmp.resolve("app"));
        for (String jar : System.getProperty("image.applicationBundles").split(",")) {
            Path bundle = Path.of(jar);
            Files.copy(bundle, app.resolve(bundle.getFileName()));
        }
        image = UnpackedImage.unpack(Path.of(System.getProperty("image.tar")),
                Path.of(System.getProperty("image.work") + "-app"), Path.of(System.getProperty("image.testingTasks")), app);
    }

    @Test
    void aTaskAddedInALayerOnTopRunsWithItsLibrary() throws InterruptedException {
        try (ContainerRun run = image.start("--backgroundtask", "droptask")) {
            assertEquals(42, run.await(RUN_BOUND), run::toString);
            assertTrue(run.stdoutText().contains("drop-in"), run::toString);
        }
    }

    @Test
    void anActorsTaskStartsAndFindsNoApplication() throws InterruptedException {
        // the actors bundle, jackson and SCR start on the jlink runtime; no application runs in this container
        try (ContainerRun run = image.start("--backgroundtask", "actors_ping", "1")) {
            assertEquals(11, run.await(RUN_BOUND), run::toString);
            assertTrue(run.stderrText().contains("FAILED_CONSTRUCTOR"), run::toString);
        }
    }
}
