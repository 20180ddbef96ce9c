package dev.backgroundtasks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where the platform's distribution comes from: the zip (or an unpacked installation) named by the
 * system property {@value #DISTRIBUTION_PROPERTY}, else
 * {@code dev.backgroundtasks:dev.backgroundtasks.distribution:VERSION:zip} in the local Maven
 * repository, where Maven puts it when a project declares it as a test dependency.
 *
 * <p>The local repository is {@value #LOCAL_REPOSITORY_PROPERTY}, else {@code maven.repo.local}, else
 * {@code ~/.m2/repository}; VERSION is {@value #VERSION_PROPERTY}, else this harness's own version.
 */
public final class Distribution {
    /** A distribution zip or an installation folder, used as is. */
    public static final String DISTRIBUTION_PROPERTY = "backgroundtasks.distribution";
    /** The local Maven repository; pass {@code ${settings.localRepository}} from the build. */
    public static final String LOCAL_REPOSITORY_PROPERTY = "backgroundtasks.localRepository";
    /** The platform version to take from the local repository. */
    public static final String VERSION_PROPERTY = "backgroundtasks.version";

    static final String GROUP_PATH = "dev/backgroundtasks";
    static final String ARTIFACT = "dev.backgroundtasks.distribution";

    private Distribution() {
    }

    /** The distribution named by this JVM's system properties: a zip file or an installation folder. */
    public static Path locate() {
        return locate(System::getProperty);
    }

    /** The distribution named by {@code properties}; IllegalStateException, saying what was tried, when absent. */
    public static Path locate(UnaryOperator<String> properties) {
        String explicit = properties.apply(DISTRIBUTION_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit).toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new IllegalStateException("-D" + DISTRIBUTION_PROPERTY + "=" + explicit + ": no such file or folder");
            }
            return path;
        }
        String version = version(properties);
        Path zip = localRepository(properties).resolve(GROUP_PATH).resolve(ARTIFACT).resolve(version)
                .resolve(ARTIFACT + "-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("no Background Tasks distribution at " + zip + ": declare the test dependency "
                    + "dev.backgroundtasks:" + ARTIFACT + ":" + version + " with <type>zip</type> so that Maven fetches it, "
                    + "pass -D" + LOCAL_REPOSITORY_PROPERTY + "=${settings.localRepository} if the local repository is "
                    + "elsewhere, or name a zip or installation with -D" + DISTRIBUTION_PROPERTY + "=PATH");
        }
        return zip;
    }

    /** {@value #VERSION_PROPERTY}, else the version of this harness (the platform it was built with). */
    public static String version(UnaryOperator<String> properties) {
        String version = properties.apply(VERSION_PROPERTY);
        return version != null && !version.isBlank() ? version : harnessVersion();
    }

    /** {@value #LOCAL_REPOSITORY_PROPERTY}, else {@code maven.repo.local}, else {@code ~/.m2/repository}. */
    public static Path localRepository(UnaryOperator<String> properties) {
        for (String name : new String[] {LOCAL_REPOSITORY_PROPERTY, "maven.repo.local"}) {
            String value = properties.apply(name);
            if (value != null && !value.isBlank()) {
                return Path.of(value).toAbsolutePath().normalize();
            }
        }
        String home = properties.apply("user.home");
        return Path.of(home != null ? home : System.getProperty("user.home"), ".m2", "repository");
    }

    /** The version the build wrote into this jar. */
    public static String harnessVersion() {
        try (InputStream in = Distribution.class.getResourceAsStream("kit.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String version = p.getProperty("version");
            if (version == null || version.startsWith("${")) {
                throw new IllegalStateException("this harness was built without its version (kit.properties)");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
