package dev.backgroundtasks.task.deploy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Kubernetes names for a task. Task names are case-sensitive and may hold '_' ({@code [A-Za-z0-9_-]{1,64}});
 * object names and label values must be DNS-1123 labels (lowercase letters, digits, '-', starting and
 * ending with a letter or digit). A name that had to change, or be shortened, gets 8 hex digits of the
 * task name's SHA-256, so two tasks never map to one object ({@code Foo} and {@code foo}).
 */
final class ResourceNames {
    static final String PREFIX = "backgroundtasks-";
    private static final int HASH_LENGTH = 8;

    private ResourceNames() {
    }

    /** {@code backgroundtasks-<task>} as a DNS-1123 label of at most {@code max} characters. */
    static String forTask(String task, int max) {
        String base = task.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-|-$", "");
        String name = PREFIX + base;
        if (base.equals(task) && name.length() <= max) {
            return name;
        }
        String hash = "-" + sha256(task).substring(0, HASH_LENGTH);
        String kept = name.substring(0, Math.min(name.length(), max - hash.length())).replaceAll("-+$", "");
        return kept + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
