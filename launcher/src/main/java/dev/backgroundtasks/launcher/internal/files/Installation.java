package dev.backgroundtasks.launcher.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * An installation: the folder that holds {@code launcher.jar}, and what the build wrote into the
 * launcher (its version and the versions of the packages the system bundle exports).
 */
public final class Installation {
    /** System property naming the installation folder, for running the launcher off its jar (tests). */
    public static final String HOME_PROPERTY = "backgroundtasks.home";

    private final Path root;
    private final String installHash;
    private final Properties build;

    public Installation(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("the installation folder " + root + " cannot be read", e);
        }
        this.installHash = hash(this.root.toString());
        this.build = buildProperties();
    }

    /** The installation of the running launcher: the folder of launcher.jar, or {@value #HOME_PROPERTY}. */
    public static Installation locate() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            return new Installation(Path.of(home));
        }
        try {
            Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Installation(Files.isDirectory(jar) ? jar : jar.getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the launcher's location cannot be read", e);
        }
    }

    public Path root() {
        return root;
    }

    /** The first 16 lowercase hex digits of the SHA-256 of the folder's real path. */
    public String installHash() {
        return installHash;
    }

    public Path bundles() {
        return root.resolve("bundles");
    }

    public Path appTasks() {
        return root.resolve("app").resolve("backgroundtasks");
    }

    public Path appBundles() {
        return root.resolve("app").resolve("bundles");
    }

    public Path toolkitTasks() {
        return root.resolve("toolkit").resolve("backgroundtasks");
    }

    public Path defaults() {
        return root.resolve("defaults");
    }

    public String version() {
        return build.getProperty("version", "unknown");
    }

    public String apiPackageVersion() {
        return build.getProperty("api.package.version");
    }

    public String schedulerPackageVersion() {
        return build.getProperty("scheduler.package.version");
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Installation.class.getResourceAsStream("/dev/backgroundtasks/launcher/launcher.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
