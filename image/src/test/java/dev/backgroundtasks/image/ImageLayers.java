package dev.backgroundtasks.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The layers of an OCI image archive as its manifest lists them, each named by the comment Jib's layer
 * filter gives its history entry ("runtime", "installation", "archive"), read with {@code tar}.
 */
final class ImageLayers {
    /** One layer: its name and the digest of its compressed bytes. */
    record Layer(String name, String digest) {
    }

    private ImageLayers() {
    }

    /** The layers of the one image in {@code tar}, bottom first. */
    static List<Layer> of(Path tar) {
        JsonNode index = json(tar, "index.json");
        JsonNode manifest = json(tar, blob(index.path("manifests").path(0).path("digest").asText()));
        JsonNode history = json(tar, blob(manifest.path("config").path("digest").asText())).path("history");
        JsonNode layers = manifest.path("layers");
        if (history.size() != layers.size()) {
            throw new AssertionError(tar + ": " + layers.size() + " layers but " + history.size() + " history entries");
        }
        List<Layer> result = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            result.add(new Layer(history.path(i).path("comment").asText(), layers.path(i).path("digest").asText()));
        }
        return result;
    }

    /** The paths in {@code layer} of {@code tar}, as its tar lists them. */
    static List<String> files(Path tar, Layer layer) {
        String listing = HostTools.output("sh", "-c", "tar -xOf \"$1\" \"$2\" | tar --warning=no-unknown-keyword -tzf -", "files", tar.toString(),
                blob(layer.digest()));
        return listing.lines().toList();
    }

    private static String blob(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private static JsonNode json(Path tar, String entry) {
        try {
            return new ObjectMapper().readTree(HostTools.output("tar", "-xOf", tar.toString(), entry));
        } catch (IOException e) {
            throw new UncheckedIOException(tar + "!" + entry, e);
        }
    }
}
