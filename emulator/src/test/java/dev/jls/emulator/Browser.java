package dev.jls.emulator;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named explicitly so that
 * nothing downloads a browser. Without them the tests that need one fail, saying how to install them,
 * unless {@value #OPT_OUT} is set.
 */
final class Browser implements AutoCloseable {

    /** Set to {@code true} to skip the browser tests where no browser can be installed. */
    static final String OPT_OUT = "jls.browser.skip";

    static final Path CHROMIUM = Path.of(System.getProperty("jls.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("jls.chromedriver", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "the dashboard's browser tests need Chromium at " + CHROMIUM + " and chromedriver at "
                    + CHROMEDRIVER + "; install them with: apt-get install chromium chromium-driver"
                    + " (or name them with -Djls.chromium=PATH -Djls.chromedriver=PATH; -D" + OPT_OUT
                    + "=true skips these tests)";
            if (Boolean.getBoolean(OPT_OUT)) {
                Assumptions.abort(missing);
            }
            fail(missing);
        }
        // Selenium Manager is never asked: the driver and the browser are both given
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("jls-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
        return new Browser(driver, profile);
    }

    /**
     * Waits, generously, until {@code condition} holds (is neither null nor false); an element that a
     * live update replaced meanwhile is looked up again.
     */
    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * Saves a picture of the window as {@code target/screenshots/NAME.png}; with
     * {@code -Djls.docs.update=true} also as {@code docs/images/dashboard-NAME.png}, which the docs show.
     */
    void screenshot(String name) {
        // the whole page (up to a limit), not only the window: Chromium draws beyond the viewport on request
        Number height = (Number) driver.executeScript("return Math.min(document.documentElement.scrollHeight, 1800);");
        Number width = (Number) driver.executeScript("return document.documentElement.clientWidth;");
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = Files.write(dir.resolve(name + ".png"), png);
            if (Boolean.getBoolean("jls.docs.update")) {
                Path docs =
                        Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("images");
                Files.createDirectories(docs);
                Files.copy(file, docs.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }
}
