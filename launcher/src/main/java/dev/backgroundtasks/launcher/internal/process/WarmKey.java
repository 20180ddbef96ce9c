package dev.backgroundtasks.launcher.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/**
 * What a warm host serves: one key per JDK ({@code java.home}, {@code java.vm.version}), installation,
 * {@code launcher.jar} (size, mtime, ctime, inode), working directory, whole environment and JVM
 * options, so that a task in the host sees exactly what it would see cold. The host's socket and lock
 * are {@code <runtime dir>/warm/<first 16 hex digits>.sock} and {@code .lock}.
 */
public record WarmKey(String key, List<String> jvmOptions, Path folder) {
    /** The variable that chooses the warm path: {@code off}, {@code auto} (the default), {@code always}. */
    public static final String MODE_VARIABLE = "BACKGROUNDTASKS_WARM_HOST";
    /** The idle host's bound in seconds, 1..3600 (default 600). */
    public static final String IDLE_VARIABLE = "BACKGROUNDTASKS_WARM_HOST_IDLE_SEC";
    /** The preference that turns the warm path off for an installation or a run. */
    public static final String PREFERENCE = dev.backgroundtasks.launcher.internal.profile.LayeredPreferences.WARM_HOST;
    /** Unix domain socket paths hold 108 bytes with the terminating zero. */
    private static final int MAX_SOCKET_PATH = 104;

    /** The mode of {@code env}: off, auto or always; anything else is auto (the caller warns once). */
    public static String mode(Map<String, String> env) {
        String value = env.get(MODE_VARIABLE);
        return "off".equals(value) || "always".equals(value) ? value : "auto";
    }

    /** A value of {@link #MODE_VARIABLE} that is none of the three, to warn about. */
    public static boolean modeInvalid(Map<String, String> env) {
        String value = env.get(MODE_VARIABLE);
        return value != null && !value.isEmpty() && !"off".equals(value) && !"auto".equals(value) && !"always".equals(value);
    }

    /** Linux only: the warm path needs SO_PEERCRED and /proc. */
    public static boolean supported() {
        return "Linux".equals(System.getProperty("os.name"))
                && Files.isReadable(Path.of("/proc/self/cmdline"));
    }

    /**
     * This JVM's key, or empty when this JVM cannot have one: not Linux, an option before the main class
     * or jar that is not {@code -D} or {@code -X} (an agent, a class path), or an unreadable launcher.jar.
     */
    public static Optional<WarmKey> of(Installation installation, Map<String, String> env) {
        if (!supported()) {
            return Optional.empty();
        }
        try {
            return ofOptions(installation, env, jvmOptionsOfThisJvm());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The key for {@code jvmOptions}: the host's own, given on its command line by its spawner. */
    public static Optional<WarmKey> ofOptions(Installation installation, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        if (jvmOptions == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder(4096);
        text.append(System.getProperty("java.home")).append('\0');
        text.append(System.getProperty("java.vm.version")).append('\0');
        text.append(installation.root()).append('\0');
        text.append(fileKey(installation.root().resolve("launcher.jar"))).append('\0');
        text.append(System.getProperty("user.dir")).append('\0');
        // loops, not lambdas: the client's path loads as few classes as it can
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            text.append(e.getKey()).append('=').append(e.getValue()).append('\0');
        }
        text.append('\0');
        for (String o : jvmOptions) {
            text.append(o).append('\0');
        }
        String key = Installation.digest(text.toString());
        Path folder = folder(installation, env);
        WarmKey result = new WarmKey(key, List.copyOf(jvmOptions), folder);
        return result.socket().toString().getBytes(StandardCharsets.UTF_8).length < MAX_SOCKET_PATH
                ? Optional.of(result) : Optional.empty();
    }

    /** The folder of the installation's warm hosts: {@code warm/} in its runtime directory. */
    public static Path folder(Installation installation, Map<String, String> env) {
        return RuntimeDirectory.location(env, installation.installHash()).resolve("warm");
    }

    /** The file key bin/backgroundtask uses: size, mtime, ctime and inode. */
    public static String fileKey(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
        return a.get("size") + ":" + a.get("lastModifiedTime") + ":" + a.get("ctime") + ":" + a.get("ino");
    }

    /** The options of this JVM before its main class or {@code -jar}; null when one is not -D or -X. */
    static List<String> jvmOptionsOfThisJvm() throws IOException {
        byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> all = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                all.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        List<String> options = new ArrayList<>();
        for (String a : all.subList(Math.min(1, all.size()), all.size())) {
            if (a.equals("-jar") || !a.startsWith("-")) {
                return options;
            }
            if (!a.startsWith("-D") && !a.startsWith("-X")) {
                return null;
            }
            options.add(a);
        }
        return null;
    }

    public String prefix() {
        return key.substring(0, 16);
    }

    public Path socket() {
        return folder.resolve(prefix() + ".sock");
    }

    public Path lock() {
        return folder.resolve(prefix() + ".lock");
    }

    /** Whether the socket is there (a plain check: the connection itself is the real test). */
    public boolean socketExists() {
        return Files.exists(socket(), LinkOption.NOFOLLOW_LINKS);
    }
}
