package com.example.reportsender;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A report endpoint on the loopback interface, for the tests: records every request and answers with the
 * status its script gives, or never answers at all.
 */
final class ReportSink implements AutoCloseable {
    /** One request as the endpoint saw it. */
    record Received(String method, String contentType, String idempotencyKey, String body, long nanoTime) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "report sink");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Function<Received, Integer> answer = request -> 200;
    private boolean hang;

    private ReportSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/reports", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static ReportSink start() {
        try {
            return new ReportSink();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback URL where nothing listens: connections are refused. */
    static URI unreachable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/reports");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reports");
    }

    /** Answers each request with the status the function gives. */
    synchronized ReportSink answering(Function<Received, Integer> statusOf) {
        this.answer = statusOf;
        return this;
    }

    /** Answers the first requests with these statuses, in order, then 200. */
    ReportSink answeringInTurn(int... statuses) {
        return answering(request -> {
            int n = received().size() - 1;
            return n < statuses.length ? statuses[n] : 200;
        });
    }

    /** Reads each request and never answers (until closed). */
    synchronized ReportSink hanging() {
        this.hang = true;
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code n} requests came; false if they did not within the bound. */
    boolean awaitRequests(int n, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (this) {
            while (received.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            Received request = new Received(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
            Function<Received, Integer> statusOf;
            boolean never;
            synchronized (this) {
                received.add(request);
                notifyAll();
                statusOf = answer;
                never = hang;
            }
            if (never) {
                closed.await(60, TimeUnit.SECONDS);
                return;
            }
            exchange.sendResponseHeaders(statusOf.apply(request), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
