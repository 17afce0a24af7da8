package org.pushserver.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through its driver, for the browser tests, in a throw-away profile. When Chromium
 * or its driver is missing the test is skipped with a reason, except on CI ({@code CI=true}), where that fails.
 */
final class Chromium implements AutoCloseable {
    private static final String BINARY = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriverService service;
    private final WebDriver driver;
    private final Path profile;

    private Chromium(ChromeDriverService service, WebDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips (or on CI fails) {@code test} when Chromium is not installed; call before starting anything else. */
    static void assumeInstalled(String test) {
        if (new File(BINARY).canExecute() && new File(DRIVER).canExecute()) {
            return;
        }
        String reason = "headless Chromium is not installed (" + BINARY + ", " + DRIVER + "): run client-demo/ci-install.sh";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: the browser test may not be skipped)");
        }
        System.out.println("SKIPPED " + test + ": " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    static Chromium start() throws Exception {
        System.setProperty("webdriver.chrome.driver", DRIVER);
        Path profile = Files.createTempDirectory("push-server-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1050");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1050));
        return new Chromium(service, driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    /** Waits up to 30 s for {@code condition}; on time-out fails with {@code what} and the page's {@code state}. */
    void waitUntil(String what, Function<WebDriver, Boolean> condition, Supplier<String> state) {
        try {
            new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(what).until(condition::apply);
        } catch (RuntimeException e) {
            throw new AssertionError("timed out waiting for " + what + "; page state:\n" + state.get(), e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
            service.stop();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
