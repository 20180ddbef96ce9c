package dev.backgroundtasks.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.backgroundtasks.testing.internal.Trees;

/**
 * The image archive unpacked without a container engine, as an OCI runtime bundle: {@code skopeo copy}
 * to an OCI layout, then {@code umoci unpack} to {@code rootfs/} and the runtime's {@code config.json},
 * whose process (entry point, environment, user) each run starts, through {@code run-unpacked.sh}.
 */
final class UnpackedImage {
    /** The image's data directory (its {@code BACKGROUNDTASKS_DATA_DIR}): a mount point for a volume. */
    static final String DATA_DIR = "/var/lib/backgroundtasks";
    /** Where the tests put the platform's test-only tasks in their copy; the image does not ship them. */
    static final String TESTING_DIR = "/opt/backgroundtasks-testing";

    private final Path rootfs;
    private final List<String> entrypoint;
    private final List<String> environment;
    private final String user;

    private UnpackedImage(Path rootfs, List<String> entrypoint, List<String> environment, String user) {
        this.rootfs = rootfs;
        this.entrypoint = entrypoint;
        this.environment = environment;
        this.user = user;
    }

    /** Unpacks {@code tar} into a fresh {@code work} folder and adds the test-only tasks to its copy. */
    static UnpackedImage unpack(Path tar, Path work, Path testingTasks) throws IOException {
        return unpack(tar, work, testingTasks, null);
    }

    /**
     * Like {@link #unpack(Path, Path, Path)}, with a layer on top that puts the files of {@code applicationTasks}
     * (when not null) into {@code /opt/backgroundtasks/app/backgroundtasks/}: what an application's image
     * {@code FROM} this one adds ({@code umoci insert} writes the layer, as {@code COPY} would).
     */
    static UnpackedImage unpack(Path tar, Path work, Path testingTasks, Path applicationTasks) throws IOException {
        Trees.remove(work);
        Files.createDirectories(work);
        String layout = work.resolve("oci") + ":backgroundtasks";
        HostTools.output("skopeo", "copy", "--quiet", "oci-archive:" + tar, "oci:" + layout);
        if (applicationTasks != null) {
            HostTools.output("umoci", "insert", "--image", layout, applicationTasks.toString(),
                    "/opt/backgroundtasks/app/backgroundtasks");
        }
        Path bundle = work.resolve("bundle");
        HostTools.output("umoci", "unpack", "--image", layout, bundle.toString());
        JsonNode process = new ObjectMapper().readTree(bundle.resolve("config.json").toFile()).path("process");
        Path rootfs = bundle.resolve("rootfs");
        // mount points a runtime provides
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        Path testing = Files.createDirectories(rootfs.resolve(TESTING_DIR.substring(1)));
        try (Stream<Path> jars = Files.list(testingTasks)) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.copy(jar, testing.resolve(jar.getFileName()));
            }
        }
        return new UnpackedImage(rootfs, strings(process.path("args")), strings(process.path("env")),
                process.path("user").path("uid").asInt() + ":" + process.path("user").path("gid").asInt());
    }

    /**
     * A copy of this unpacked image in a fresh {@code work} folder ({@code cp -a}: owners, modes and times
     * kept), for a test that changes its files; far cheaper than unpacking again.
     */
    UnpackedImage copy(Path work) throws IOException {
        Trees.remove(work);
        Files.createDirectories(work);
        HostTools.output("cp", "-a", rootfs.toString(), work.toString());
        return new UnpackedImage(work.resolve(rootfs.getFileName()), entrypoint, environment, user);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    Path rootfs() {
        return rootfs;
    }

    List<String> entrypoint() {
        return entrypoint;
    }

    List<String> environment() {
        return environment;
    }

    /** The JVM flags of the image's {@code bin/backgroundtask} (its {@code FLAGS="..."} line). */
    List<String> startupFlags() throws IOException {
        try (Stream<String> lines = Files.lines(rootfs.resolve("opt/backgroundtasks/bin/backgroundtask"))) {
            String flags = lines.filter(l -> l.startsWith("FLAGS=\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no FLAGS line in bin/backgroundtask"));
            return List.of(flags.substring("FLAGS=\"".length(), flags.length() - 1).split(" "));
        }
    }

    /** {@code uid:gid} of the image's process. */
    String user() {
        return user;
    }

    /** A run of the entry point with the container arguments {@code args}, nothing mounted on the data directory. */
    ContainerRun start(String... args) {
        return start(null, List.of(), args);
    }

    /**
     * A run of the entry point with the container arguments {@code args}: read-only root, tmpfs {@code /tmp},
     * {@code volume} (or nothing, when null) mounted writable on {@link #DATA_DIR}, the image's environment
     * plus {@code env} ({@code NAME=VALUE}) and {@code BACKGROUNDTASKS_TESTING_DIR}.
     */
    ContainerRun start(Path volume, List<String> env, String... args) {
        return start(volume, env, List.of(), args);
    }

    /**
     * Like {@link #start(Path, List, String...)}, with {@code jvmOptions} added to the entry point's own
     * JVM options (before its {@code -jar}), where later options override earlier ones.
     */
    ContainerRun start(Path volume, List<String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("image.runUnpacked"));
        command.add(rootfs.toString());
        command.add(user);
        command.add(volume == null ? "-" : volume.toString());
        command.add(DATA_DIR);
        command.addAll(environment);
        command.add("BACKGROUNDTASKS_TESTING_DIR=" + TESTING_DIR);
        command.addAll(env);
        command.add("--");
        int jar = entrypoint.indexOf("-jar");
        command.addAll(entrypoint.subList(0, jar));
        command.addAll(jvmOptions);
        command.addAll(entrypoint.subList(jar, entrypoint.size()));
        command.addAll(List.of(args));
        try {
            return new ContainerRun(command, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }
}
