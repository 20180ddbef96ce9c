package dev.backgroundtasks.launcher.internal.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.launcher.internal.files.Installation;

/** conf/ as the launcher reads it: PIDs, the merged Configurator resource, the masked summary. */
class ConfFolderTest {
    @TempDir
    Path root;

    private ConfFolder conf(String... nameAndText) throws IOException {
        Path dir = Files.createDirectories(root.resolve("conf"));
        for (int i = 0; i < nameAndText.length; i += 2) {
            Files.writeString(dir.resolve(nameAndText[i]), nameAndText[i + 1]);
        }
        Files.createFile(root.resolve("launcher.jar"));
        return ConfFolder.of(new Installation(root));
    }

    @Test
    void topLevelMembersKeepTheirRawValuesAndSkipComments() {
        Map<String, String> m = ConfFolder.TopLevel.members("""
                { // a comment
                  ":configurator:resource-version": 1,
                  /* another */ "a.pid": { "k": "v,}", "n:Integer": [1, 2] },
                  "f.pid~one": {}
                }""");
        assertEquals(List.of(":configurator:resource-version", "a.pid", "f.pid~one"), List.copyOf(m.keySet()));
        assertEquals("{ \"k\": \"v,}\", \"n:Integer\": [1, 2] }", m.get("a.pid"));
        assertEquals("{}", m.get("f.pid~one"));
        assertThrows(IllegalArgumentException.class, () -> ConfFolder.TopLevel.members("{\"a\": 1 \"b\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> ConfFolder.TopLevel.members("{\"a\": 1, \"a\": 2}"));
    }

    @Test
    void filesAreMergedIntoOneResourceWithTheIdentityTheConfiguratorWants() throws IOException {
        ConfFolder conf = conf("a.json", "{\":configurator:resource-version\": 1, \"x.pid\": {\"p\": \"$[secret:pw]\"}}",
                "b.json", "{\":configurator:symbolic-name\": \"mine\", \"y.factory~n\": {\"q\": 2}}",
                "broken.json", "{ not json");
        assertEquals(List.of("x.pid", "y.factory"), conf.entries().stream().map(ConfFolder.Entry::pid).toList());
        assertEquals(1, conf.warnings().size());
        assertTrue(conf.warnings().get(0).contains("broken.json"), conf.warnings()::toString);
        Map<String, String> properties = new HashMap<>();
        conf.frameworkProperties(properties, Map.of(ConfFolder.SECRETS_DIR_VARIABLE, "/run/secrets"));
        assertEquals("{\":configurator:resource-version\":1,\":configurator:symbolic-name\":\"backgroundtasks.conf\","
                + "\":configurator:version\":\"1.0.0\",\"x.pid\":{\"p\": \"$[secret:pw]\"},\"y.factory~n\":{\"q\": 2}}",
                properties.get("configurator.initial"));
        assertEquals("/run/secrets", properties.get(ConfFolder.INTERPOLATION + ".secretsdir"));
        assertEquals(ConfFolder.INTERPOLATION, properties.get("felix.cm.config.plugins"));
    }

    @Test
    void theSummaryMasksSecrets() throws IOException {
        ConfFolder conf = conf("a.json", "{\"x.pid\": {\"password\": \"$[secret:pw]\", \"apiKey\": \"in-clear\", \"user\": \"u\"}}");
        String summary = conf.summary();
        assertEquals("a.json: x.pid {\"password\": \"******** (secret pw)\", \"apiKey\": \"********\", \"user\": \"u\"}", summary);
        assertFalse(summary.contains("in-clear"));
    }

    @Test
    void noFolderIsNothing() throws IOException {
        Files.createFile(root.resolve("launcher.jar"));
        ConfFolder conf = ConfFolder.of(new Installation(root));
        assertTrue(conf.isEmpty());
        assertFalse(conf.configuresAny(List.of()));
    }
}
