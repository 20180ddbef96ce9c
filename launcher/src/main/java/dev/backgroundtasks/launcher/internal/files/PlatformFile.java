package dev.backgroundtasks.launcher.internal.files;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's own properties files (defaults, a profile's preferences, staged updates, the
 * persistent-profile registry): read through {@link SafeFiles#readRegular}, strictly UTF-8, and every
 * flaw is a {@link SafeFiles.Refusal} whose one line names the file and, where it can, the line
 * (docs/reliability.md, rule 11), never a stack trace.
 */
public final class PlatformFile {
    private static final Pattern BAD_ESCAPE = Pattern.compile("(?<!\\\\)(\\\\\\\\)*\\\\u(?![0-9a-fA-F]{4})");

    private PlatformFile() {
    }

    /** A file the platform creates (a profile's preferences, the registry, the index): never through a link. */
    public static Properties load(Path file) {
        return load(file, false);
    }

    /**
     * A file of the installation ({@code defaults/}, a staged update): a packager may link it elsewhere
     * (to {@code /etc}), so a link is followed, but what it leads to must still be a regular file.
     */
    public static Properties loadInstalled(Path file) {
        return load(file, true);
    }

    /** The file's properties; a missing file is empty. */
    private static Properties load(Path file, boolean followLinks) {
        byte[] bytes;
        try {
            bytes = SafeFiles.readRegular(file, followLinks);
        } catch (IOException e) {
            throw new SafeFiles.Refusal("cannot read " + SafeFiles.describe(file, e));
        }
        Properties p = new Properties();
        if (bytes == null) {
            return p;
        }
        String text = decode(file, bytes);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = BAD_ESCAPE.matcher(lines[i]);
            if (m.find()) {
                throw new SafeFiles.Refusal(file + ": line " + (i + 1) + " has a malformed \\uXXXX escape; fix or remove the file");
            }
        }
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new SafeFiles.Refusal(file + " is not a valid properties file (" + e.getMessage() + "); fix or remove it");
        }
        return p;
    }

    /** Strict UTF-8; a malformed byte is a refusal naming the line it is on. */
    public static String decode(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int good = goodPrefix(bytes);
            for (int i = 0; i < good; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new SafeFiles.Refusal(file + ": line " + line + " is not valid UTF-8; fix or remove the file");
        }
    }

    /** How many bytes decode before the first malformed one. */
    private static int goodPrefix(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }
}
