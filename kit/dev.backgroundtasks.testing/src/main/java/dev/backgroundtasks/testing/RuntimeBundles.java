package dev.backgroundtasks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library bundles a task project needs at run time, as its build copied them: every {@code *.jar}
 * of the folder named by the system property {@value #PROPERTY} (the archetype's pom copies the
 * project's runtime dependencies there and sets it). Hand them to either harness beside the task bundle:
 *
 * <pre>{@code
 * BackgroundTaskRun.task("cleanup").bundles(BUNDLE).bundles(RuntimeBundles.list()).run();
 * options(BackgroundTasksOptions.platform(), BackgroundTasksOptions.bundles(RuntimeBundles.list()),
 *         BackgroundTasksOptions.taskBundle(BUNDLE));
 * }</pre>
 */
public final class RuntimeBundles {
    /** The system property naming the folder of runtime bundles. */
    public static final String PROPERTY = "backgroundtasks.runtimeBundles";

    private RuntimeBundles() {
    }

    /** The jars of the folder {@value #PROPERTY} names, in file-name order; none when it is unset. */
    public static Path[] list() {
        String folder = System.getProperty(PROPERTY);
        return folder == null || folder.isEmpty() ? new Path[0] : in(Path.of(folder));
    }

    /** The jars of a folder, in file-name order; a folder that does not exist holds none. */
    public static Path[] in(Path folder) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.jar")) {
                s.forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        jars.sort(null);
        return jars.toArray(Path[]::new);
    }
}
