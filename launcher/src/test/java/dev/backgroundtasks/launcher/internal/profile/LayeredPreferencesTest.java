package dev.backgroundtasks.launcher.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/reference/preferences.md: typing, layering and writing back of preferences. */
class LayeredPreferencesTest {
    @TempDir
    Path dir;

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void exactlyTrueOrFalseIsABoolean() {
        assertEquals(Boolean.TRUE, LayeredPreferences.parse("true"));
        assertEquals(Boolean.FALSE, LayeredPreferences.parse("false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"True", "FALSE", " true", "true ", "yes", "1.5", "+5", " 5", "5 ", "", "0x10", "1e3", "-",
        "2147483648", "-2147483649", "99999999999999999999"})
    void anythingElseThatIsNotAnIntIsAString(String text) {
        assertEquals(text, LayeredPreferences.parse(text));
    }

    @Test
    void integersThatFitAreInts() {
        assertEquals(42, LayeredPreferences.parse("42"));
        assertEquals(-7, LayeredPreferences.parse("-7"));
        assertEquals(0, LayeredPreferences.parse("0"));
        assertEquals(7, LayeredPreferences.parse("007"));
        assertEquals(Integer.MAX_VALUE, LayeredPreferences.parse("2147483647"));
        assertEquals(Integer.MIN_VALUE, LayeredPreferences.parse("-2147483648"));
    }

    @Test
    void aFileIsReadAsUtf8AndTyped() throws Exception {
        Path file = Files.writeString(dir.resolve("prefs.properties"),
                "s=caf\u00e9\nb=true\ni=12\nbig=2147483648\n", StandardCharsets.UTF_8);
        Map<String, Object> read = LayeredPreferences.read(file);
        assertEquals(Map.of("s", "caf\u00e9", "b", true, "i", 12, "big", "2147483648"), read);
    }

    @Test
    void aMissingFileIsEmpty() {
        assertTrue(LayeredPreferences.read(dir.resolve("absent.properties")).isEmpty());
        assertTrue(LayeredPreferences.read(null).isEmpty());
    }

    @Test
    void laterLayersWin() throws Exception {
        Path profileFile = Files.writeString(dir.resolve("prefs.properties"), "b=3\nc=3\nd=3\n");
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(Map.of("a", 1, "b", 1, "c", 1, "d", 1));       // defaults/prefs.properties
        prefs.layer(Map.of("b", 2, "c", 2));                       // defaults/backgroundtasks.properties
        prefs.profileLayer(profileFile, false);                    // the profile's own
        prefs.layer(Map.of("d", 4));                               // --pref
        assertEquals(1, prefs.getInt("a", -1));
        assertEquals(3, prefs.getInt("b", -1));
        assertEquals(3, prefs.getInt("c", -1));
        assertEquals(4, prefs.getInt("d", -1));
    }

    @Test
    void aLaterLayerMayChangeTheType() {
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(Map.of("x", 1));
        prefs.layer(Map.of("x", "one"));
        assertEquals(-1, prefs.getInt("x", -1));
        assertEquals("one", prefs.getString("x", "d"));
    }

    @Test
    void gettersGiveTheDefaultWhenAbsent() {
        LayeredPreferences prefs = new LayeredPreferences();
        assertEquals(5, prefs.getInt("absent", 5));
        assertTrue(prefs.getBoolean("absent", true));
        assertFalse(prefs.getBoolean("absent", false));
        assertEquals("d", prefs.getString("absent", "d"));
    }

    @Test
    void gettersGiveTheDefaultForAnotherType() {
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(Map.of("i", 42, "b", true, "s", "text"));
        assertEquals(42, prefs.getInt("i", 0));
        assertTrue(prefs.getBoolean("b", false));
        assertEquals("text", prefs.getString("s", "d"));
        assertEquals(0, prefs.getInt("s", 0));
        assertEquals(0, prefs.getInt("b", 0));
        assertFalse(prefs.getBoolean("i", false));
        assertFalse(prefs.getBoolean("s", false));
        assertEquals("d", prefs.getString("i", "d"));
        assertEquals("d", prefs.getString("b", "d"));
    }

    @Test
    void setAcceptsIntegersBooleansAndStrings() {
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.set("i", 7);
        prefs.set("b", true);
        prefs.set("s", "v");
        assertEquals(7, prefs.getInt("i", 0));
        assertTrue(prefs.getBoolean("b", false));
        assertEquals("v", prefs.getString("s", "d"));
    }

    @Test
    void setRefusesOtherTypes() {
        LayeredPreferences prefs = new LayeredPreferences();
        assertThrows(IllegalArgumentException.class, () -> prefs.set("x", 1L));
        assertThrows(IllegalArgumentException.class, () -> prefs.set("x", 1.5d));
        assertThrows(IllegalArgumentException.class, () -> prefs.set("x", null));
        assertThrows(IllegalArgumentException.class, () -> prefs.set("x", List.of()));
        assertEquals("d", prefs.getString("x", "d"));
    }

    @Test
    void setRefusesAnEmptyName() {
        LayeredPreferences prefs = new LayeredPreferences();
        assertThrows(IllegalArgumentException.class, () -> prefs.set("", 1));
        assertThrows(IllegalArgumentException.class, () -> prefs.set(null, 1));
    }

    @Test
    void withoutAWritableProfileNothingIsWritten() throws Exception {
        Path profileFile = dir.resolve("prefs.properties");
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.profileLayer(profileFile, false);
        prefs.set("x", 1);
        assertEquals(1, prefs.getInt("x", 0));
        assertFalse(Files.exists(profileFile));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anExistingReadOnlyLayerIsLeftAlone() throws Exception {
        Path profileFile = Files.writeString(dir.resolve("prefs.properties"), "a=1\n");
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.profileLayer(profileFile, false);
        prefs.set("a", 2);
        assertEquals("a=1\n", Files.readString(profileFile));
    }

    @Test
    void aWritableProfileGetsWhatATaskSets() throws Exception {
        Path profileFile = dir.resolve("prefs.properties");
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(Map.of("fromDefaults", 1));
        prefs.profileLayer(profileFile, true);
        prefs.layer(Map.of("fromPref", "x"));
        prefs.set("i", 7);
        prefs.set("b", false);
        prefs.set("s", "caf\u00e9");
        assertEquals(Map.of("i", 7, "b", false, "s", "caf\u00e9"), LayeredPreferences.read(profileFile));
    }

    @Test
    void aWritableProfileKeepsItsOwnValues() throws Exception {
        Path profileFile = Files.writeString(dir.resolve("prefs.properties"), "kept=1\nchanged=a\n");
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.profileLayer(profileFile, true);
        prefs.set("changed", "b");
        Properties p = load(profileFile);
        assertEquals("1", p.getProperty("kept"));
        assertEquals("b", p.getProperty("changed"));
        assertEquals(2, p.size());
    }

    @Test
    void writingLeavesNoTemporaryFile() throws Exception {
        Path profileFile = dir.resolve("prefs.properties");
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.profileLayer(profileFile, true);
        prefs.set("a", 1);
        prefs.set("a", 2);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("prefs.properties"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertEquals(2, LayeredPreferences.read(profileFile).get("a"));
    }

    @Test
    void unknownPlatformNamesAreReported() {
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(Map.of(
                "toolkit.backgroundtasks.defaultTimeoutSec", 5,
                "toolkit.backgroundtasks.defaultMinTaskRuntimeMS", 5,
                "toolkit.backgroundtasks.shutdownTimeoutSec", 5,
                "toolkit.backgroundtasks.loglevel", "debug",
                "toolkit.backgroundtasks.actors.slowHandlerMs", 5,
                "toolkit.backgroundtasks.bogus", 1,
                "toolkit.background_tasks.remove_directory.testing.sleep_ms", 1,
                "test.backgroundtask_specific_pref.exitCode", 79));
        prefs.layer(Map.of("toolkit.backgroundtasks.defaulttimeoutsec", 1));
        assertEquals(Set.of("toolkit.backgroundtasks.bogus", "toolkit.backgroundtasks.defaulttimeoutsec"),
                prefs.unknownPlatformNames());
    }

    /** A test's settings travel to the tasks the application detaches: the names with a testing segment. */
    @Test
    void testingPreferencesAreTheNamesWithATestingSegment() {
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(Map.of("toolkit.background_tasks.remove_directory.testing.sleep_ms", 1, "a.testing", true,
                "toolkit.backgroundtasks.loglevel", "debug"));
        prefs.layer(Map.of("toolkit.background_tasks.remove_directory.testing.sleep_ms", 600, "x.testing.y", "z"));
        assertEquals(Map.of("toolkit.background_tasks.remove_directory.testing.sleep_ms", 600, "x.testing.y", "z"),
                prefs.testingPreferences());
    }
}
