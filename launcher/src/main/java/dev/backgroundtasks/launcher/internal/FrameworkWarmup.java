package dev.backgroundtasks.launcher.internal;

import java.util.Map;

import org.apache.felix.framework.Felix;

/**
 * Start-up design: Felix's constructor spends most of its time loading and initialising its own
 * classes (SecureAction, the resolver, the extension manager computing the system packages). None
 * of that depends on the task, so a daemon thread builds a throwaway framework (the constructor has
 * no side effects: nothing on disk, no URL handlers, no threads) while the main thread reads the
 * command line, looks the task up and prepares the profile. On a 2-core machine the two overlap.
 */
final class FrameworkWarmup {
    private FrameworkWarmup() {
    }

    static void start(Console console) {
        if (!Boolean.parseBoolean(System.getProperty("backgroundtasks.warmup", "true"))) {
            return; // measurement switch for bench/: the same run without the head start
        }
        Thread t = new Thread(() -> {
            try {
                JdkWarnings.quietFelixUnsafeWarning();
                // the installation hash's SHA-256: the JCA provider set-up is slow the first time
                java.security.MessageDigest.getInstance("SHA-256");
                new Felix(Map.of("felix.log.logger", new FelixLog(console), "felix.log.level", "0"));
                // SCR parses its components' XML with the JDK's SAX parser: load and initialise it now
                javax.xml.parsers.SAXParserFactory factory = javax.xml.parsers.SAXParserFactory.newInstance();
                factory.setNamespaceAware(true);
                factory.newSAXParser().parse(new java.io.ByteArrayInputStream(
                        "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"w\"/>".getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)), new org.xml.sax.helpers.DefaultHandler());
            } catch (Exception | LinkageError e) {
                // only a head start: the real framework reports real problems
            }
        }, "backgroundtasks-warmup");
        t.setDaemon(true);
        t.start();
    }
}
