package org.pushserver.socket;

import org.junit.jupiter.api.Test;
import org.pushserver.testing.Await;
import org.pushserver.testing.RunningServer;
import org.pushserver.testing.SocketClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MAX_CONNECTIONS_PER_IP closes the connection over the limit at once, and lets a new one in once another closes. */
class ConnectionsPerIpIT {

    /** Sends a GET over {@code socket}, reads the whole answer and returns its status line, or "closed". */
    private static String get(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String status = null;
            int length = 0;
            for (String line = readLine(in); line != null; line = readLine(in)) {
                if (status == null) {
                    status = line;
                } else if (line.isEmpty()) {
                    in.readNBytes(length);
                    return status;
                } else if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return "closed";
        } catch (SocketException e) { // reset by the server
            return "closed";
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                return null;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void theConnectionOverTheLimitIsClosedAndANewOneIsLetInOnceAnotherCloses() throws Exception {
        try (RunningServer server = RunningServer.start("--max-connections-per-ip", "2")) {
            try (Socket one = new Socket("127.0.0.1", server.port()); Socket two = new Socket("127.0.0.1", server.port())) {
                assertEquals("HTTP/1.1 200 OK", get(one));
                assertEquals("HTTP/1.1 200 OK", get(two));
                try (Socket three = new Socket("127.0.0.1", server.port())) {
                    assertEquals("closed", get(three));
                }
                one.close();
                Await.await("a free slot", Duration.ofSeconds(5), () -> {
                    try (Socket again = new Socket("127.0.0.1", server.port())) {
                        return get(again).equals("HTTP/1.1 200 OK");
                    } catch (IOException e) {
                        return false;
                    }
                });
                assertEquals("HTTP/1.1 200 OK", get(two), "the connections within the limit were never touched");
            }
            assertTrue(server.get("/metrics").body().contains("pushserver_connections_refused_total{reason=\"per_ip\"}"));
        }
    }

    @Test
    void aSocketIoClientWithinTheLimitConnectsAndLogsIn() {
        try (RunningServer server = RunningServer.start("--max-connections-per-ip", "4");
             SocketClient client = SocketClient.connect(server.url(), "websocket")) {
            assertEquals("ip-user", client.loginAs("ip-user").path("tokenId").asText());
        }
    }
}
