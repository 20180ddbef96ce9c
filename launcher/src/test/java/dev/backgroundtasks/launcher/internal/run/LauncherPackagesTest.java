package dev.backgroundtasks.launcher.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.scheduler.Scheduler;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.internal.headers.HeaderClause;

/**
 * The package versions the launcher's system bundle exports (launcher.properties, filtered by Maven)
 * are the ones the API and scheduler bundles export: a task built against those bundles resolves.
 */
class LauncherPackagesTest {
    @TempDir
    Path temp;

    /** The manifest of the jar, or of the classes folder during a reactor build, that holds the class. */
    private static Manifest manifestOf(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            Path file = location.resolve("META-INF/MANIFEST.MF");
            try (InputStream in = Files.newInputStream(file)) {
                return new Manifest(in);
            } catch (IOException e) {
                throw new AssertionError("no manifest in " + location + ": bnd writes it at process-classes", e);
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Manifest manifest = jar.getManifest();
            assertNotNull(manifest, "no manifest in " + location);
            return manifest;
        }
    }

    private static Version exportedVersion(Class<?> type) throws Exception {
        String pkg = type.getPackageName();
        String exports = manifestOf(type).getMainAttributes().getValue("Export-Package");
        assertNotNull(exports, "no Export-Package for " + pkg);
        for (HeaderClause clause : HeaderClause.parse(exports)) {
            if (clause.paths().contains(pkg)) {
                return Version.parseVersion(String.valueOf(clause.attributes().getOrDefault("version", "0.0.0")));
            }
        }
        throw new AssertionError(pkg + " is not exported: " + exports);
    }

    @Test
    void theApiPackageVersionIsTheOneTheApiBundleExports() throws Exception {
        String written = new Installation(temp).apiPackageVersion();
        assertNotNull(written, "api.package.version missing from launcher.properties");
        assertEquals(exportedVersion(BackgroundTask.class), Version.parseVersion(written));
    }

    @Test
    void theSchedulerPackageVersionIsTheOneTheSchedulerBundleExports() throws Exception {
        String written = new Installation(temp).schedulerPackageVersion();
        assertNotNull(written, "scheduler.package.version missing from launcher.properties");
        assertEquals(exportedVersion(Scheduler.class), Version.parseVersion(written));
    }
}
