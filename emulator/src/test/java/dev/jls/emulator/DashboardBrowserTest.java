package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (Debian's headless Chromium), against one emulator whose workers
 * run the simulated engine: two keys, so two tenants. The tests run in order on one browser: login,
 * the overview following a scale-up, a deployment's page and its test chat, a request's timeline,
 * the create form refusing a field and then creating, deleting, and a narrow window.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static JlsEmulator emulator;
    private static Browser browser;
    private static RawHttp api;
    private static String mine;

    @BeforeAll
    static void start() {
        emulator = JlsEmulator.builder()
                .options(new EmulatorOptions()
                        .engine(EngineChoice.SIM)
                        .gpus("H100:2")
                        .addApiKey("key-a")
                        .addApiKey("key-b")
                        .workerStopGrace(Duration.ofSeconds(2))
                        .deleteGrace(Duration.ofSeconds(2)))
                .build()
                .start();
        api = new RawHttp(emulator.baseUrl(), "key-a");
        mine = create(api, "qwen-a");
        create(api.withKey("key-b"), "theirs-b");
        try {
            browser = Browser.start();
        } catch (RuntimeException | Error e) {
            emulator.close();
            throw e;
        }
    }

    private static String create(RawHttp http, String name) {
        var created = http.post(
                "/management/create",
                "{\"name\": \"" + name + "\", \"min_workers\": 0, \"max_workers\": 1, \"gpus_to_use\": {\"gpus\":"
                        + " [\"H100\"]}, \"args\": {\"model\": \"Qwen/Qwen3-0.6B\", \"served-model-name\": \"qwen\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return RawHttp.json(created).get("deployment_id").asText();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }

    private static void open(String path) {
        browser.driver.get(emulator.baseUrl() + path);
    }

    @Test
    @Order(1)
    void aTokenOrAnApiKeyLogsInToItsTenantOnly() {
        String url = emulator.dashboardUrl();
        browser.driver.get(url);
        browser.await(d -> d.findElement(By.tagName("h1")).getText().equals("Deployments"));
        Cookie cookie = browser.driver.manage().getCookieNamed("jls_session");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        browser.await(d -> text("#overview").contains("qwen-a"));
        assertThat(text("#overview")).doesNotContain("theirs-b");

        // the token was used: a second browser session cannot use it again
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(url);
        assertThat(text("[role=alert]")).contains("each token logs in once");
        open("/ui/login?token=made-up");
        assertThat(text("[role=alert]")).contains("each token logs in once");

        // the other key, typed into the login form, sees its own deployment only
        browser.driver.findElement(By.id("token")).sendKeys("key-b");
        click(By.cssSelector("form button[type=submit]"));
        browser.await(d -> text("#overview").contains("theirs-b"));
        assertThat(text("#overview")).doesNotContain("qwen-a");
        click(By.cssSelector("header form button"));
        browser.await(d -> d.getCurrentUrl().endsWith("/ui/login"));

        browser.driver.get(emulator.dashboardUrl());
        browser.await(d -> text("#overview").contains("qwen-a"));
    }

    @Test
    @Order(2)
    void theOverviewFollowsADeploymentScalingUp() {
        open("/ui");
        By workers = By.cssSelector("tr[data-deployment='" + mine + "'] td[data-workers]");
        browser.await(d -> d.findElement(workers).getText().startsWith("0 /"));
        var patched = api.method("PATCH", "/management/" + mine, "{\"min_workers\": 1}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        // no reload: the live part is swapped in over the event stream
        browser.await(d -> d.findElement(workers).getText().startsWith("1 / 1–1"));
        browser.await(d -> text("tr[data-deployment='" + mine + "']").contains("running"));
        browser.screenshot("overview");
    }

    @Test
    @Order(3)
    void theDeploymentPageShowsItsWorkersAndTheTestChatStreamsAnAnswer() {
        open("/ui");
        click(By.linkText("qwen-a"));
        browser.await(d -> text("h1").equals("qwen-a"));
        browser.await(d -> text("#workers").contains("healthy"));
        WebElement message = browser.driver.findElement(By.id("chat-message"));
        message.clear();
        message.sendKeys("Tell me about the emulator.");
        click(By.cssSelector("#chat button[type=submit]"));
        browser.await(d -> text("#chat-state").equals("done"));
        assertThat(text("#chat-answer")).isNotBlank();
        browser.await(d -> !d.findElements(By.cssSelector("#requests a")).isEmpty());
        browser.await(d -> !d.findElements(By.cssSelector("#log-lines li")).isEmpty());
        browser.await(d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
        browser.driver.executeScript("window.scrollTo(0, 0)");
        browser.screenshot("deployment");
    }

    @Test
    @Order(4)
    void aRequestShowsItsTimelineInputAndAnswer() {
        // the test chat's request, answered live: its steps are kept, not its input or answer
        browser.await(d -> text("#requests").contains("Completed"));
        click(By.cssSelector("#requests a"));
        browser.await(d -> !d.findElements(By.cssSelector(".timeline li[data-state=Completed]"))
                .isEmpty());
        assertThat(text("main")).contains("answered live");

        var submitted = api.post(
                "/deployment/" + mine + "/v1/chat/completions",
                "{\"input\": {\"model\": \"qwen\", \"max_tokens\": 24, \"messages\": [{\"role\": \"user\","
                        + " \"content\": \"Tell me about the emulator.\"}]}}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String rid = RawHttp.json(submitted).get("id").asText();
        open("/ui/d/" + mine + "/r/" + rid);
        browser.await(d -> !d.findElements(By.cssSelector(".timeline li[data-state=Completed]"))
                .isEmpty());
        List<String> states = browser.driver.findElements(By.cssSelector(".timeline li")).stream()
                .map(e -> e.getAttribute("data-state"))
                .toList();
        assertThat(states).startsWith("Queued").endsWith("Completed").contains("Processing");
        browser.await(d -> text("main").contains("Answer"));
        assertThat(text("main")).contains("Tell me about the emulator.");
        assertThat(text("blockquote.answer")).isNotBlank();
        browser.screenshot("request");
    }

    @Test
    @Order(5)
    void theCreateFormShowsARefusalNextToItsFieldThenCreatesAndDeletes() {
        open("/ui/new");
        fill("name", "made-in-ui");
        fill("model", "Qwen/Qwen3-0.6B");
        fill("min_workers", "3");
        fill("max_workers", "1");
        click(By.cssSelector("form.fields button[type=submit]"));
        WebElement error = browser.await(d -> d.findElement(By.id("e-min_workers")));
        String apiMessage = RawHttp.json(api.post(
                        "/management/create", "{\"min_workers\": 3, \"max_workers\": 1, \"args\": {\"model\": \"m\"}}"))
                .get("detail")
                .get(0)
                .get("msg")
                .asText();
        assertThat(error.getText()).isEqualTo(apiMessage);
        WebElement input = browser.driver.findElement(By.id("f-min_workers"));
        assertThat(input.getAttribute("aria-describedby")).contains("e-min_workers");
        // the refusal sits right after its input, in the same field
        assertThat(browser.driver
                        .findElement(By.cssSelector(".field:has(#f-min_workers) #e-min_workers"))
                        .isDisplayed())
                .isTrue();
        browser.screenshot("create-refused");

        fill("min_workers", "0");
        click(By.cssSelector("form.fields button[type=submit]"));
        browser.await(d -> text("h1").equals("made-in-ui"));
        click(By.xpath("//button[normalize-space()='Delete deployment']"));
        browser.await(d -> text("h1").equals("Deployments"));
        browser.await(d -> !text("#overview").contains("made-in-ui"));
    }

    @Test
    @Order(6)
    void aNarrowWindowKeepsEverythingReachable() {
        browser.driver.manage().window().setSize(new Dimension(400, 800));
        try {
            open("/ui");
            browser.await(d -> text("#overview").contains("qwen-a"));
            Object overflow = browser.driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
            assertThat(browser.driver.findElement(By.linkText("New deployment")).isDisplayed())
                    .isTrue();
            browser.screenshot("narrow");
            click(By.linkText("qwen-a"));
            browser.await(d -> text("h1").equals("qwen-a"));
            assertThat(browser.driver.findElement(By.id("chat-message")).isDisplayed())
                    .isTrue();
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    /** Clicks what {@code by} finds, again if a live update replaced it just then. */
    private static void click(By by) {
        browser.await(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static void fill(String field, String value) {
        WebElement input = browser.driver.findElement(By.id("f-" + field));
        input.clear();
        input.sendKeys(value);
    }
}
