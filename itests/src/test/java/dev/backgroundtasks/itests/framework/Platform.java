package dev.backgroundtasks.itests.framework;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ops4j.pax.exam.Option;

import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.testing.unit.TestTaskContext;

/**
 * The framework the in-framework tests run: the launcher's platform (SCR and the OSGi APIs it needs),
 * with the API packages exported by the system bundle from the class path exactly as the launcher
 * does, so every bundle and the test probe wire to one copy. Paths and versions come from the
 * failsafe configuration in itests/pom.xml; the defaults let a test run from an IDE in itests/.
 */
final class Platform {
    /** The launcher's {@code org.osgi.framework.system.packages.extra}. */
    static final String SYSTEM_PACKAGES = System.getProperty("backgroundtasks.systemPackages",
            FrameworkProperties.API_PACKAGE + ";version=\"1.0.0\";uses:=\"" + FrameworkProperties.SCHEDULER_PACKAGE + "\","
                    + FrameworkProperties.SCHEDULER_PACKAGE + ";version=\"1.0.0\"");

    static final String TESTING_TASKS = "dev.backgroundtasks.testing.tasks";
    static final String FIXTURE_LIBRARY = "dev.backgroundtasks.testing.fixture.library";
    static final String FIXTURE_DROPTASK = "dev.backgroundtasks.testing.fixture.droptask";

    private static final Path FRAMEWORK_BUNDLES = Path.of(System.getProperty("backgroundtasks.frameworkBundles",
            "target/framework-bundles")).toAbsolutePath().normalize();
    private static final Path REACTOR_BUNDLES = Path.of(System.getProperty("backgroundtasks.fixtures",
            "../bundles")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("backgroundtasks.version", "1.0.0-SNAPSHOT");

    private Platform() {
    }

    /** The platform, then {@code extra} (typically the reactor bundles under test). */
    static Option[] with(Option... extra) {
        List<Option> all = new ArrayList<>(List.of(
                // pax-exam adds its own system packages; a frameworkProperty for
                // system.packages.extra would replace them, the systemPackage option joins them.
                systemPackage(SYSTEM_PACKAGES),
                // the test's TaskContext, from the class path as the kit's runner has it
                systemPackage(TestTaskContext.class.getPackageName()),
                junitBundles(),
                // In dependency order: SCR 2.2.12 no longer carries the DS API packages.
                platformBundle("org.osgi.util.function"),
                platformBundle("org.osgi.util.promise"),
                platformBundle("org.osgi.service.component"),
                platformBundle("org.apache.felix.scr")));
        all.addAll(Arrays.asList(extra));
        return options(all.toArray(Option[]::new));
    }

    /** A bundle built by this reactor, installed and started. */
    static Option reactorBundle(String artifactId) {
        return bundle(reactorBundleLocation(artifactId));
    }

    /**
     * The location of a bundle built by this reactor, {@code bundles/ARTIFACT/target/ARTIFACT-VERSION.jar}:
     * the file the build just made, never a possibly stale copy in the local repository.
     */
    static String reactorBundleLocation(String artifactId) {
        return existing(REACTOR_BUNDLES.resolve(artifactId).resolve("target").resolve(artifactId + "-" + VERSION + ".jar"));
    }

    private static Option platformBundle(String artifactId) {
        return bundle(existing(FRAMEWORK_BUNDLES.resolve(artifactId + ".jar")));
    }

    private static String existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("not built: " + jar);
        }
        return jar.toUri().toString();
    }
}
