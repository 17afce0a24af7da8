
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.api.HttpCall;
import org.pushserver.api.PushRequestParser;
import org.pushserver.delivery.PushMessage;
import org.pushserver.socket.session.Payload;
import java.lang.reflect.Constructor;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The push path's allocation, exactly (ThreadMXBean, this thread): bytes and ns per push to parse the bench's POST
 * body and to build its websocket frame, for whichever server jar is on the class path, so two builds compare:
 *
 *   java -cp server/target/push-server.jar bench/alloc/PushPathAlloc.java
 *
 * PushPackets is package-private: reached by reflection, which also takes the frame method of either build.
 */
public class PushPathAlloc {
    public static void main(String[] a) throws Exception {
        String pad = "x".repeat(64);
        StringBuilder tokens = new StringBuilder();
        for (int i = 0; i < 10; i++) tokens.append(i == 0 ? "" : ",").append("\"tok-").append(i * 37).append('"');
        byte[] body = ("{\"tokens\":[" + tokens + "],\"entityType\":\"bench\",\"data\":{\"m\":\"%123|456789%\",\"pad\":\"" + pad + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpCall call = new HttpCall(HttpMethod.POST, "/api", Map.of(), Map.of("content-type", "application/json"), body, null, 0);
        PushRequestParser parser = new PushRequestParser(1000, 1 << 20, 3600);
        Class<?> packets = Class.forName("org.pushserver.socket.delivery.PushPackets");
        Constructor<?> make = packets.getDeclaredConstructor(PushMessage.class, Payload.class);
        make.setAccessible(true);
        Method frame;
        boolean withAlloc;
        try {
            frame = packets.getDeclaredMethod("websocketFrame", ByteBufAllocator.class);
            withAlloc = true;
        } catch (NoSuchMethodException e) {
            frame = packets.getDeclaredMethod("websocketFrame");
            withAlloc = false;
        }
        frame.setAccessible(true);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            long parseBytes = 0, frameBytes = 0, parseNs = 0, frameNs = 0;
            for (int i = 0; i < n; i++) {
                long b0 = mx.getThreadAllocatedBytes(tid); long t0 = System.nanoTime();
                PushMessage m = parser.push(call).message();
                long b1 = mx.getThreadAllocatedBytes(tid); long t1 = System.nanoTime();
                ByteBuf f = (ByteBuf) (withAlloc ? frame.invoke(make.newInstance(m, Payload.PLAIN), PooledByteBufAllocator.DEFAULT)
                        : frame.invoke(make.newInstance(m, Payload.PLAIN)));
                long b2 = mx.getThreadAllocatedBytes(tid); long t2 = System.nanoTime();
                f.release();
                parseBytes += b1 - b0; frameBytes += b2 - b1; parseNs += t1 - t0; frameNs += t2 - t1;
            }
            System.out.printf("round %d: parse %d B %d ns, frame %d B %d ns per push (frame %s)%n", round, parseBytes / n, parseNs / n,
                    frameBytes / n, frameNs / n, withAlloc ? "pooled, from chars" : "String + byte[] + heap buffer");
        }
    }
}
