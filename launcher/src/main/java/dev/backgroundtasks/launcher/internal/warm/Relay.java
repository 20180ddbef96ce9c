package dev.backgroundtasks.launcher.internal.warm;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A warm host's stdout or stderr before a client connects: the host's console and a prepared framework
 * ({@code PreparedFramework}) write here from the start, and the client's frames receive it once
 * {@link #attach}ed. What is written before that is dropped and remembered ({@link #written}): a
 * preparation that printed is discarded, since a cold run would have printed the same in its place.
 */
final class Relay extends OutputStream {
    private volatile OutputStream target;
    private volatile boolean written;

    void attach(OutputStream frames) {
        target = frames;
    }

    boolean written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        OutputStream t = target;
        if (t == null) {
            written |= len > 0;
        } else {
            t.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        OutputStream t = target;
        if (t != null) {
            t.flush();
        }
    }
}
