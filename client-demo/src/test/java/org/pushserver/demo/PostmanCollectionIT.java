package org.pushserver.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs postman/push-server.postman_collection.json with newman (installed by the build from postman/package-lock.json)
 * against the real server started with API keys; any failed assertion fails this test.
 */
class PostmanCollectionIT {
    private static final String API_KEY = "postman-it-key-00001";
    /** The demo VAPID key pair of client-demo/README.md: Web Push on, so the collection may register a browser. */
    static final String[] DEMO_VAPID = {"--vapid-public-key",
        "BB4Rp9MrHQss1TrYw6dKiUUrqRhdKyNiODwozcg6AgIhEEdaXWci2AxkI94Mg0sl44AdaiAFPS0KPmEAHqTmz_U",
        "--vapid-private-key", "gckN0YjCUd5B-3pTRFiwGLh_Y2J_AaRa6RA1jFA-vmc", "--vapid-subject", "mailto:demo@example.com"};

    @Test
    @DisplayName("every request of the Postman collection passes its tests against a running server")
    void everyRequestOfThePostmanCollectionPassesItsTests() throws Exception {
        Path dir = Path.of(System.getProperty("postman.dir", "../postman")).toAbsolutePath().normalize();
        Path newman = dir.resolve("node_modules/newman/bin/newman.js");
        assertTrue(Files.isRegularFile(newman), "newman is not installed at " + newman + " (the build runs npm ci in postman/)");
        Path report = Path.of("target", "newman-report.xml").toAbsolutePath();
        Path log = Path.of("target", "it-logs", "newman.log").toAbsolutePath();
        Files.createDirectories(log.getParent());

        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--api-keys", API_KEY + ",second-api-key-00002"),
                java.util.stream.Stream.of(DEMO_VAPID)).toArray(String[]::new);
        try (ServerProcess server = ServerProcess.start(args)) {
            Process run = new ProcessBuilder(List.of("node", newman.toString(), "run",
                    dir.resolve("push-server.postman_collection.json").toString(),
                    "--environment", dir.resolve("local.postman_environment.json").toString(),
                    "--env-var", "baseUrl=" + server.url(),
                    "--env-var", "apiKey=" + API_KEY,
                    "--reporters", "cli,junit", "--reporter-junit-export", report.toString(),
                    "--color", "off", "--disable-unicode", "--timeout-request", "20000"))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!run.waitFor(5, TimeUnit.MINUTES)) {
                run.destroyForcibly();
                throw new AssertionError("newman did not finish within 5 minutes:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertEquals(0, run.exitValue(), "newman reported failures (see above or " + log + ")");
            assertTrue(output.contains("assertions"), "newman printed its summary");
        }
    }
}
