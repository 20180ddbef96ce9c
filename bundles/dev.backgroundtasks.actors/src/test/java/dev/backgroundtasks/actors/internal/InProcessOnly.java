package dev.backgroundtasks.actors.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.backgroundtasks.actors.Background;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.scheduler.EventLoop;

/** A process that only uses {@code open}: run with class-load logging to see what it costs. */
public final class InProcessOnly {
    private InProcessOnly() {
    }

    public static void main(String[] args) throws Exception {
        Background background = Background.start(List.of(new EchoFactory()));
        EventLoop home = EventLoop.start("home");
        ChildActor<Echo.ToParent, Echo.ToChild> child = background.open(Echo.PROTOCOL, message -> { }, home);
        child.send(new Echo.Say("s", 0, true));
        Echo.Answer answer = child.request(new Echo.Ask("a", 1)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        child.close();
        child.destroyed().toCompletableFuture().get(60, TimeUnit.SECONDS);
        System.out.println("ANSWER " + answer.seq());
        System.exit(0);
    }
}
