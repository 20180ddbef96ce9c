package com.example.reportsender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The reports of a profile: {@code reports/pending/*.json}, oldest name first. The application writes a
 * report as {@code NAME.json.part} and renames it, so that a run never sends half a file. A delivered
 * report is removed; a refused one moves to {@code reports/rejected/}. {@code reports/last-run.properties}
 * tells the application how the last run went, since the task prints nothing (it is a no-output task).
 */
final class ReportQueue {
    private final Path root;

    ReportQueue(Path profile) {
        this.root = profile.resolve("reports");
    }

    Path pendingFolder() {
        return root.resolve("pending");
    }

    /** The queued reports, oldest (lowest name) first; none when the folder does not exist. */
    List<Path> pending() {
        Path folder = pendingFolder();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queue " + folder, e);
        }
    }

    byte[] read(Path report) {
        try {
            return Files.readAllBytes(report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report, e);
        }
    }

    void delivered(Path report) {
        try {
            Files.deleteIfExists(report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the delivered " + report, e);
        }
    }

    void rejected(Path report) {
        try {
            Path folder = Files.createDirectories(root.resolve("rejected"));
            Files.move(report, folder.resolve(report.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + report + " aside", e);
        }
    }

    /** Writes {@code reports/last-run.properties} whole or not at all (a temporary file, then a rename). */
    void writeStatus(Map<String, String> status) {
        try {
            Files.createDirectories(root);
            Path file = root.resolve("last-run.properties");
            Path partial = root.resolve("last-run.properties.part");
            Properties properties = new Properties();
            properties.putAll(status);
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                properties.store(out, "the last run of send-reports");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the status in " + root, e);
        }
    }
}
