package dev.backgroundtasks.actors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backgroundtasks.actors.ActorFactory;
import dev.backgroundtasks.actors.ChildLink;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.actors.ParentActor;
import dev.backgroundtasks.actors.Protocol;

/** The parent side of {@link Echo}: records what it sees, for the tests to check. */
public final class EchoFactory implements ActorFactory<Echo.ToParent, Echo.ToChild> {
    public final AtomicInteger created = new AtomicInteger();
    public final BlockingQueue<DestroyReason> destroyed = new LinkedBlockingQueue<>();
    public final List<String> wrongThreads = new CopyOnWriteArrayList<>();
    public final List<Boolean> otherProcess = new CopyOnWriteArrayList<>();
    public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    public final List<CompletableFuture<String>> held = new CopyOnWriteArrayList<>();
    /** A permit for each {@code Slow} the background thread has begun: a test waits for it, never sleeps. */
    public final Semaphore slowsBegun = new Semaphore(0);
    /** A permit for each {@code Say} the background thread has taken from the pending queue. */
    public final Semaphore saysTaken = new Semaphore(0);

    @Override
    public Protocol<Echo.ToParent, Echo.ToChild> protocol() {
        return Echo.PROTOCOL;
    }

    @Override
    public ParentActor<Echo.ToParent, Echo.ToChild> create(ChildLink<Echo.ToChild> child) {
        checkThread("create");
        created.incrementAndGet();
        otherProcess.add(child.isOtherProcess());
        return new Parent(child);
    }

    private void checkThread(String where) {
        String name = Thread.currentThread().getName();
        if (!name.equals(BackgroundThread.THREAD_NAME)) {
            wrongThreads.add(where + " on " + name);
        }
    }

    private final class Parent implements ParentActor<Echo.ToParent, Echo.ToChild> {
        private final ChildLink<Echo.ToChild> child;
        private final List<Integer> said = new ArrayList<>();
        private int lastSeq = -1;

        Parent(ChildLink<Echo.ToChild> child) {
            this.child = child;
        }

        @Override
        public CompletionStage<?> receive(Echo.ToParent message) throws Exception {
            checkThread("receive");
            String thread = Thread.currentThread().getName();
            if (message instanceof Echo.Say say) {
                if (say.seq() != lastSeq + 1) {
                    received.add("out of order: " + say.seq() + " after " + lastSeq);
                }
                lastSeq = say.seq();
                said.add(say.seq());
                saysTaken.release();
                if (say.echo()) {
                    child.send(new Echo.Heard(say.text(), say.seq(), thread));
                }
                return null;
            } else if (message instanceof Echo.Ask ask) {
                return CompletableFuture.completedFuture(new Echo.Answer(ask.text(), ask.seq(), thread, said.size()));
            } else if (message instanceof Echo.Fail fail) {
                throw new IllegalStateException(fail.why());
            } else if (message instanceof Echo.FailLater fail) {
                return CompletableFuture.supplyAsync(() -> {
                    throw new IllegalArgumentException(fail.why());
                });
            } else if (message instanceof Echo.Slow slow) {
                slowsBegun.release();
                Thread.sleep(slow.millis());
                return CompletableFuture.completedFuture(slow.millis());
            } else if (message instanceof Echo.CloseMe) {
                child.close();
                return CompletableFuture.completedFuture(true);
            } else if (message instanceof Echo.Echoes echoes) {
                for (int i = 0; i < echoes.count(); i++) {
                    child.send(new Echo.Heard("echo", i, thread));
                }
                return null;
            } else if (message instanceof Echo.Everything everything) {
                return CompletableFuture.completedFuture(everything);
            } else if (message instanceof Echo.WrongReply) {
                return CompletableFuture.completedFuture("not a long");
            } else if (message instanceof Echo.Hold) {
                CompletableFuture<String> later = new CompletableFuture<>();
                held.add(later);
                received.add("held");
                return later;
            } else {
                return null; // Quiet
            }
        }

        @Override
        public void destroyed(DestroyReason reason) {
            checkThread("destroyed");
            destroyed.add(reason);
        }
    }
}
