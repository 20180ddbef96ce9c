package dev.backgroundtasks.actors.internal;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.backgroundtasks.actors.ActorDestroyedException;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * Plays a background task in a JVM of its own, talking to the application over the socket:
 * {@code requests N} checks N replies and exits 0; {@code hold} keeps a request pending until killed;
 * {@code await} waits for its pair to end and exits 42 for ABNORMAL_SHUTDOWN (its pending request failed
 * with the same reason), 43 for NORMAL_SHUTDOWN.
 */
public final class ForkedTask {
    private ForkedTask() {
    }

    public static void main(String[] args) throws Exception {
        Path runtimeDirectory = Path.of(args[0]);
        String mode = args[1];
        LocalBackground background = LocalBackground.create(LocalBackground.Options.defaults()
                .runtimeDirectory(runtimeDirectory));
        EventLoop loop = EventLoop.start("task");
        ChildActor<Echo.ToParent, Echo.ToChild> child = loop.scheduler()
                .postTask(() -> background.openToApplication(Echo.PROTOCOL, message -> { }))
                .get(120, TimeUnit.SECONDS);
        int code;
        switch (mode) {
            case "requests" -> code = requests(child, Integer.parseInt(args[2]));
            case "hold", "await" -> {
                child.request(new Echo.Ask("up", 0)).toCompletableFuture().get(120, TimeUnit.SECONDS);
                CompletableFuture<String> held = child.request(new Echo.Hold()).toCompletableFuture();
                System.out.println("READY");
                System.out.flush();
                DestroyReason reason = child.destroyed().toCompletableFuture().get(60, TimeUnit.SECONDS);
                DestroyReason failed = null;
                try {
                    held.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = e.getCause() instanceof ActorDestroyedException d ? d.reason() : null;
                }
                System.out.println("destroyed " + reason + ", request failed with " + failed);
                code = reason == DestroyReason.ABNORMAL_SHUTDOWN && failed == reason ? 42
                        : reason == DestroyReason.NORMAL_SHUTDOWN && failed == reason ? 43 : 1;
            }
            default -> throw new IllegalArgumentException(mode);
        }
        background.shutdown(5000);
        loop.close();
        System.out.flush();
        System.exit(code);
    }

    /** N requests, 16 in flight at a time, each reply checked. */
    private static int requests(ChildActor<Echo.ToParent, Echo.ToChild> child, int count) throws Exception {
        ArrayDeque<CompletionStage<Echo.Answer>> window = new ArrayDeque<>();
        int checked = 0;
        for (int i = 0; i < count; i++) {
            window.add(child.request(new Echo.Ask("q" + i, i)));
            if (window.size() >= 16 || i == count - 1) {
                while (!window.isEmpty()) {
                    Echo.Answer answer = window.poll().toCompletableFuture().get(120, TimeUnit.SECONDS);
                    if (answer.seq() != checked || !answer.text().equals("q" + checked)) {
                        System.out.println("WRONG " + answer + " for " + checked);
                        return 1;
                    }
                    checked++;
                }
            }
        }
        System.out.println("OK " + checked);
        if (Boolean.getBoolean("actors.test.timing")) {
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    child.request(new Echo.Ask("t", i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                System.out.println("sequential round trip " + (System.nanoTime() - start) / 2000 / 1000.0 + " us");
            }
        }
        return 0;
    }
}
