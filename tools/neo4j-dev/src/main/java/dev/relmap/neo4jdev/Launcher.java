package dev.relmap.neo4jdev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Development launcher for relmap: runs Neo4j Community embedded, in its own
 * JVM, with only the Bolt connector open on 127.0.0.1, so relmap's Go code and
 * its integration tests can talk to a real Neo4j without Docker or a server
 * install. It is a separate process on purpose: Neo4j Community is GPLv3 and is
 * never linked into relmap. Started and stopped by {@code scripts/neo4j-dev.sh}.
 *
 * <p>Options (a flag wins over its environment variable):
 * <ul>
 *   <li>{@code --port N} / {@code NEO4J_DEV_PORT}: Bolt port, default 7687;</li>
 *   <li>{@code --data DIR} / {@code NEO4J_DEV_DATA}: Neo4j home, holding the
 *       store ({@code DIR/data}) and Neo4j's own logs ({@code DIR/logs});
 *       default {@code ./neo4j-dev-data}. Reusing it keeps the data;</li>
 *   <li>{@code --password PW} / {@code NEO4J_DEV_PASSWORD}: if given (at least 8
 *       characters), auth is enabled and user {@code neo4j} gets this password;
 *       otherwise auth is off (acceptable only because Bolt listens on
 *       loopback). Prefer the environment variable: flags show up in {@code ps}.</li>
 * </ul>
 *
 * <p>When database {@code neo4j} answers {@code RETURN 1} and the Bolt port
 * accepts connections, prints exactly one line {@code READY bolt://127.0.0.1:PORT}
 * on stdout; Neo4j's messages go to stderr. It then blocks until the JVM is
 * asked to stop (SIGTERM/SIGINT), when a shutdown hook shuts the DBMS down
 * cleanly.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private Launcher() {}

    public static void main(String[] argv) {
        try {
            run(argv);
        } catch (Throwable t) {
            // Neo4j's non-daemon threads would keep a JVM whose main thread
            // died alive; exit so the caller sees the failure at once.
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] argv) throws InterruptedException {
        Map<String, String> args = parseArgs(argv);
        int port = Integer.parseInt(option(args, "--port", "NEO4J_DEV_PORT", "7687"));
        Path home = Path.of(option(args, "--data", "NEO4J_DEV_DATA", "neo4j-dev-data")).toAbsolutePath();
        String password = option(args, "--password", "NEO4J_DEV_PASSWORD", "");
        boolean auth = !password.isEmpty();
        if (auth && password.length() < 8) {
            fail("password must have at least 8 characters (Neo4j's default minimum)");
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                .setConfig(Map.of(
                        BoltConnector.enabled, true,
                        BoltConnector.listen_address, new SocketAddress(HOST, port),
                        BoltConnector.advertised_address, new SocketAddress(HOST, port),
                        HttpConnector.enabled, false,
                        GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128),
                        GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60),
                        GraphDatabaseSettings.udc_enabled, false,
                        GraphDatabaseSettings.auth_enabled, auth,
                        // Netty's default 5 s quiet period, spent twice, made
                        // every stop take over 10 s after the stores were
                        // already checkpointed and closed. Internal setting.
                        GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-dev-shutdown"));

        if (auth) {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        }

        awaitReady(dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME), port);
        System.out.println("READY bolt://" + HOST + ":" + port);
        System.out.flush();
        stopped.await();
    }

    /**
     * Sets the password of user {@code neo4j}. Embedded transactions run with
     * full privileges, so this admin command needs no login. It runs on every
     * start, so the password given now wins over one stored by an earlier start;
     * Neo4j refuses to "change" a password to the one it already has, which
     * here just means there is nothing to do.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /** Polls until the database answers RETURN 1 and the Bolt port accepts a TCP connection. */
    private static void awaitReady(GraphDatabaseService db, int port) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                db.executeTransactionally("RETURN 1");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(HOST, port), 1000);
                }
                return;
            } catch (RuntimeException | IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        fail("not ready after " + READY_TIMEOUT.toSeconds() + " s: " + last);
    }

    private static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String flag = argv[i];
            if (!flag.equals("--port") && !flag.equals("--data") && !flag.equals("--password")) {
                fail("unknown argument " + flag + " (usage: [--port N] [--data DIR] [--password PW])");
            }
            if (i + 1 >= argv.length) {
                fail(flag + " needs a value");
            }
            args.put(flag, argv[++i]);
        }
        return args;
    }

    private static String option(Map<String, String> args, String flag, String env, String fallback) {
        String value = args.containsKey(flag) ? args.get(flag) : System.getenv(env);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void fail(String message) {
        System.err.println("neo4j-dev: " + message);
        System.exit(2);
    }
}
