package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's layering: an application's layer on top of the image adds a task bundle and the library it
 * imports to {@code app/backgroundtasks/}, and the inherited entry point runs it.
 */
class ApplicationLayerIT {
    @TempDir
    Path tmp;

    @Test
    void aTaskAddedInALayerOnTopRuns() throws IOException, InterruptedException {
        HostTools.require("skopeo", "umoci", "unshare", "chroot", "mount");
        HostTools.requireRoot();
        Path app = Files.createDirectory(tmp.resolve("app"));
        for (String jar : System.getProperty("image.applicationBundles").split(",")) {
            Path bundle = Path.of(jar);
            Files.copy(bundle, app.resolve(bundle.getFileName()));
        }
        UnpackedImage image = UnpackedImage.unpack(Path.of(System.getProperty("image.tar")),
                Path.of(System.getProperty("image.work") + "-app"), Path.of(System.getProperty("image.testingTasks")), app);
        try (ContainerRun run = image.start("--backgroundtask", "droptask")) {
            assertEquals(42, run.await(Duration.ofMinutes(2)), run::toString);
            assertTrue(run.stdoutText().contains("drop-in"), run::toString);
        }
    }
}
