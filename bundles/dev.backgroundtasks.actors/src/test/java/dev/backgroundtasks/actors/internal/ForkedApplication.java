package dev.backgroundtasks.actors.internal;

import java.nio.file.Path;

/** Plays the application in a JVM of its own: listens with the Echo factory until its stdin closes. */
public final class ForkedApplication {
    private ForkedApplication() {
    }

    public static void main(String[] args) throws Exception {
        LocalBackground application = LocalBackground.create(LocalBackground.Options.defaults()
                .runtimeDirectory(Path.of(args[0])).application(true));
        application.addFactory(new EchoFactory());
        application.listen();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin: then an orderly shutdown
        }
        application.shutdown(5000);
        System.out.println("BYE");
    }
}
