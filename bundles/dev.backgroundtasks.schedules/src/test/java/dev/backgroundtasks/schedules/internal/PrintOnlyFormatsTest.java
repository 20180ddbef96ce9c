package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import dev.backgroundtasks.api.TaskSchedule;

class PrintOnlyFormatsTest {
    private static final Invocation INVOCATION = OsTools.invocation();
    private static final List<String> ARGS = List.of("a b", "<&>", "say \"hi\"", "back\\", "");

    @Test
    void launchdPlistParsesAndCarriesTheCommandVerbatim() throws Exception {
        TaskSchedule every = TaskSchedule.every("write_args", Duration.ofMinutes(15)).arguments(ARGS);
        Document plist = parse(LaunchdPlist.render(INVOCATION, every));
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("dev.backgroundtasks.0123456789abcdef.write_args", x.evaluate("/plist/dict/key[.='Label']/following-sibling::string[1]", plist));
        assertEquals("900", x.evaluate("/plist/dict/key[.='StartInterval']/following-sibling::integer[1]", plist));
        NodeList words = (NodeList) x.evaluate("/plist/dict/key[.='ProgramArguments']/following-sibling::array[1]/string",
                plist, XPathConstants.NODESET);
        List<String> command = new ArrayList<>();
        for (int i = 0; i < words.getLength(); i++) {
            command.add(words.item(i).getTextContent());
        }
        assertEquals(INVOCATION.command(every), command);
        Document calendar = parse(LaunchdPlist.render(INVOCATION, TaskSchedule.calendar("t", "Mon *-*-* 09:30")));
        assertEquals("30", x.evaluate("//key[.='StartCalendarInterval']/following-sibling::dict[1]/key[.='Minute']/following-sibling::integer[1]", calendar));
        assertEquals("1", x.evaluate("//key[.='StartCalendarInterval']/following-sibling::dict[1]/key[.='Weekday']/following-sibling::integer[1]", calendar));
        assertThrows(IllegalArgumentException.class, () -> LaunchdPlist.render(INVOCATION, every.jitter(Duration.ofMinutes(1))));
    }

    @Test
    void windowsTaskParsesWithIgnoreNewAndStartWhenAvailable() throws Exception {
        TaskSchedule s = TaskSchedule.every("write_args", Duration.ofMinutes(15)).jitter(Duration.ofMinutes(5)).arguments(ARGS);
        Document task = parse(WindowsTask.render(INVOCATION, s));
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals(WindowsTask.NAMESPACE, task.getDocumentElement().getNamespaceURI());
        assertEquals("IgnoreNew", x.evaluate("/*[local-name()='Task']/*[local-name()='Settings']/*[local-name()='MultipleInstancesPolicy']", task));
        assertEquals("true", x.evaluate("/*[local-name()='Task']/*[local-name()='Settings']/*[local-name()='StartWhenAvailable']", task));
        assertEquals("PT15M", x.evaluate("//*[local-name()='TimeTrigger']/*[local-name()='Repetition']/*[local-name()='Interval']", task));
        assertEquals("PT5M", x.evaluate("//*[local-name()='TimeTrigger']/*[local-name()='RandomDelay']", task));
        assertEquals("-jar /opt/backgroundtasks/launcher.jar --backgroundtask write_args -- \"a b\" <&> \"say \\\"hi\\\"\" back\\ \"\"",
                x.evaluate("//*[local-name()='Exec']/*[local-name()='Arguments']", task));
        Document weekly = parse(WindowsTask.render(INVOCATION, TaskSchedule.calendar("t", "Mon,Wed 06:15")));
        assertEquals("2000-01-01T06:15:00", x.evaluate("//*[local-name()='CalendarTrigger']/*[local-name()='StartBoundary']", weekly));
        assertEquals(2.0, x.evaluate("count(//*[local-name()='DaysOfWeek']/*)", weekly, XPathConstants.NUMBER));
    }

    @Test
    void windowsArgumentsFollowTheCRuntimeRules() {
        assertEquals("plain", WindowsTask.windowsArgument("plain"));
        assertEquals("\"a b\"", WindowsTask.windowsArgument("a b"));
        assertEquals("\"\"", WindowsTask.windowsArgument(""));
        assertEquals("\"a\\\\\\\"b\"", WindowsTask.windowsArgument("a\\\"b"));
        assertEquals("\"c:\\dir with space\\\\\"", WindowsTask.windowsArgument("c:\\dir with space\\"));
    }

    /** The JDK's parser, loading no external DTD (the plist's DOCTYPE names one on apple.com). */
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new InputSource(new StringReader(xml)));
    }
}
