package org.pushserver.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads CPU time and memory of a process from /proc, and heap-after-GC of a JVM through jcmd. */
final class Proc {
    /** Clock ticks per second for /proc/PID/stat (USER_HZ); 100 on every Linux the bench runs on. */
    static final long CLK_TCK = 100;

    private Proc() {
    }

    /** utime + stime of all threads, in microseconds; -1 when unreadable. */
    static long cpuMicros(long pid) {
        long[] us = cpuUserSysMicros(pid);
        return us == null ? -1 : us[0] + us[1];
    }

    /** {utime, stime} of all threads, in microseconds (user and kernel apart); null when unreadable. */
    static long[] cpuUserSysMicros(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + (pid <= 0 ? "self" : Long.toString(pid)) + "/stat"));
            // The command name (field 2) may hold spaces: fields are counted after the last ')'.
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            // After ')': f[0] is field 3 (state); utime is field 14, stime field 15.
            return new long[] {Long.parseLong(f[11]) * 1_000_000L / CLK_TCK, Long.parseLong(f[12]) * 1_000_000L / CLK_TCK};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Resident set size in KiB (VmRSS); -1 when unreadable. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid + "/stat"));
    }

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /** Runs a full GC in the JVM {@code pid} and returns the used heap after it, in KiB; -1 if jcmd fails. */
    static long heapAfterGcKb(long pid) {
        String gc = jcmd(pid, "GC.run");
        if (gc == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher m = HEAP_USED.matcher(info);
        long used = 0;
        boolean any = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            any = true;
        }
        return any ? used : -1;
    }

    private static String jcmd(long pid, String command) {
        String javaHome = System.getProperty("java.home");
        Path jcmd = Path.of(javaHome, "bin", "jcmd");
        String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        try {
            Process p = new ProcessBuilder(exe, Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
