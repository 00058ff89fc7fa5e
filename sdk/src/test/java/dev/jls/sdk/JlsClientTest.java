package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jls.sdk.errors.InternalServerException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.errors.RegionsUnreachableException;
import dev.jls.sdk.errors.UnauthorizedException;
import dev.jls.sdk.http.JdkJlsHttpClient;
import dev.jls.sdk.http.JlsHttpClient;
import dev.jls.sdk.http.OkHttpJlsHttpClient;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.support.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JlsClientTest {

    static final String ID = "dep-0123456789ab";

    WireMockServer noida;
    WireMockServer chennai;
    JlsHttpClient regionsToLocal;

    @BeforeEach
    void start() {
        noida = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        chennai = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        noida.start();
        chennai.start();
        // Sends the hosted regions' hosts to the two local servers.
        regionsToLocal = TestHttp.redirecting(
                TestHttp.newClient(),
                Map.of(
                        "serverlessn.jarvislabs.net", noida.baseUrl(),
                        "serverlessc.jarvislabs.net", chennai.baseUrl()));
    }

    @AfterEach
    void stop() {
        regionsToLocal.close();
        noida.stop();
        chennai.stop();
    }

    JlsClient.Builder hosted() {
        return JlsClient.builder().apiKey("k").httpClient(regionsToLocal).sleeper(d -> {});
    }

    static final String RECORD = DeploymentServiceTest.RECORD;

    @Test
    void aDeploymentIdIsLookedUpInEachRegionAndItsRegionRemembered() {
        noida.stubFor(get("/management/" + ID + "/status")
                .willReturn(aResponse().withStatus(404).withBody("{\"detail\": \"deployment not found\"}")));
        chennai.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));
        chennai.stubFor(get("/management/" + ID).willReturn(okJson(RECORD)));

        try (JlsClient client = hosted().build()) {
            assertThat(client.deployments().retrieve(ID).deploymentId()).isEqualTo(ID);
            assertThat(client.deployments().retrieve(ID).deploymentId()).isEqualTo(ID);
            assertThat(client.openai(ID).baseUrl())
                    .isEqualTo("https://serverlessc.jarvislabs.net/openai/" + ID + "/v1");
        }

        noida.verify(1, getRequestedFor(urlEqualTo("/management/" + ID + "/status")));
        chennai.verify(1, getRequestedFor(urlEqualTo("/management/" + ID + "/status")));
        chennai.verify(2, getRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void anIdKnownInNoRegionIsNotFound() {
        noida.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withStatus(404)));
        chennai.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withStatus(404)));

        try (JlsClient client = hosted().build()) {
            assertThatThrownBy(() -> client.deployments().retrieveStatus(ID)).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aGivenRegionIsTheOnlyOneAsked() {
        noida.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withStatus(404)));

        try (JlsClient client = hosted().region(Region.IN2).build()) {
            assertThatThrownBy(() -> client.deployments().retrieveStatus(ID)).isInstanceOf(NotFoundException.class);
        }
        assertThat(chennai.getAllServeEvents()).isEmpty();
    }

    @Test
    void listingWithoutRegionAsksEveryRegion() {
        noida.stubFor(
                get("/management/list")
                        .willReturn(
                                okJson(
                                        "{\"deployments\": [{\"deployment_id\": \"dep-aaaaaaaaaaaa\", \"name\": \"a\", \"status\": \"running\"}]}")));
        chennai.stubFor(
                get("/management/list")
                        .willReturn(
                                okJson(
                                        "{\"deployments\": [{\"deployment_id\": \"dep-bbbbbbbbbbbb\", \"name\": \"b\", \"status\": \"failed\"}]}")));

        try (JlsClient client = hosted().build()) {
            DeploymentList listing = client.deployments().list();
            assertThat(listing)
                    .extracting(summary -> summary.deploymentId())
                    .containsExactly("dep-aaaaaaaaaaaa", "dep-bbbbbbbbbbbb");
            assertThat(listing.regionErrors()).isEmpty();
            assertThat(listing.complete()).isTrue();
        }
    }

    @Test
    void aListingNamesTheRegionsItCouldNotReachAndListsTheOthers() throws Exception {
        noida.stubFor(get("/management/list").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        chennai.stubFor(
                get("/management/list")
                        .willReturn(
                                okJson(
                                        "{\"deployments\": [{\"deployment_id\": \"dep-bbbbbbbbbbbb\", \"name\": \"b\", \"status\": \"running\"}]}")));

        try (JlsClient client = hosted().build()) {
            DeploymentList listing = client.deployments().list();
            assertThat(listing).extracting(summary -> summary.deploymentId()).containsExactly("dep-bbbbbbbbbbbb");
            assertThat(listing.complete()).isFalse();
            assertThat(listing.regionErrors()).singleElement().satisfies(error -> {
                assertThat(error.region()).isEqualTo(Region.IN2);
                assertThat(error.error()).isInstanceOf(JlsIoException.class);
            });

            DeploymentList async = client.async().deployments().list().get(10, TimeUnit.SECONDS);
            assertThat(async.deployments()).hasSize(1);
            assertThat(async.regionErrors()).extracting(RegionError::region).containsExactly(Region.IN2);
        }
    }

    @Test
    void aListingFailsWhenNoRegionAnswers() {
        noida.stubFor(get("/management/list").willReturn(aResponse().withStatus(503)));
        chennai.stubFor(get("/management/list").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        try (JlsClient client = hosted().build()) {
            assertThatThrownBy(() -> client.deployments().list())
                    .isInstanceOfSatisfying(RegionsUnreachableException.class, e -> {
                        assertThat(e).isInstanceOf(JlsIoException.class);
                        assertThat(e.regionErrors())
                                .extracting(RegionError::region)
                                .containsExactly(Region.IN2, Region.IN1);
                        assertThat(e.getMessage()).contains("IN2: HTTP 503").contains("IN1: ");
                    });
            assertThatThrownBy(() -> client.async().deployments().list().join())
                    .hasCauseInstanceOf(RegionsUnreachableException.class);
        }
    }

    @Test
    void aRegionThatRefusesTheKeyFailsTheListing() {
        noida.stubFor(get("/management/list").willReturn(aResponse().withStatus(401)));
        chennai.stubFor(get("/management/list").willReturn(okJson("{\"deployments\": []}")));

        try (JlsClient client = hosted().build()) {
            assertThatThrownBy(() -> client.deployments().list()).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void aClientOfOneHostFailsItsListingAsThatHostDid() {
        noida.stubFor(get("/management/list").willReturn(aResponse().withStatus(503)));

        try (JlsClient client = hosted().region(Region.IN2).build()) {
            assertThatThrownBy(() -> client.deployments().list()).isInstanceOf(InternalServerException.class);
        }
    }

    @Test
    void aSearchThatMissesWhileARegionIsOutOfReachSaysWhichItCouldNotCheck() throws Exception {
        noida.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withStatus(404)));
        chennai.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withStatus(502)));

        try (JlsClient client = hosted().build()) {
            assertThatThrownBy(() -> client.deployments().retrieve(ID))
                    .isInstanceOfSatisfying(RegionsUnreachableException.class, e -> {
                        assertThat(e.getMessage())
                                .startsWith("deployment " + ID + " is not in IN2; could not check IN1: HTTP 502")
                                .contains("Retry, or give the client the deployment's region");
                        assertThat(e.regionErrors())
                                .extracting(RegionError::region)
                                .containsExactly(Region.IN1);
                    });
            assertThatThrownBy(() -> client.async().deployments().retrieve(ID).join())
                    .hasCauseInstanceOf(RegionsUnreachableException.class);
        }
    }

    @Test
    void aSearchPassesOverARegionOutOfReachWhenAnotherKnowsTheId() {
        noida.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        chennai.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));

        try (JlsClient client = hosted().build()) {
            assertThat(client.deployments().retrieveStatus(ID).isRunning()).isTrue();
        }
    }

    @Test
    void theAsyncAwaitFindsTheRegionToo() throws Exception {
        noida.stubFor(
                get("/management/" + ID + "/status").willReturn(aResponse().withStatus(404)));
        chennai.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));
        chennai.stubFor(
                get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/deployment/" + ID + "/req-1"))
                        .willReturn(okJson(RequestServiceTest.CHAT)));

        try (JlsClient client = hosted().build()) {
            assertThat(client.async()
                            .requests()
                            .await(ID, "req-1")
                            .get(10, java.util.concurrent.TimeUnit.SECONDS)
                            .chatCompletion()
                            .id())
                    .isEqualTo("chatcmpl-1");
        }
    }

    @Test
    void fromEnvReadsTheKeyAndBaseUrl() {
        JlsClient.Builder builder = JlsClient.builder()
                .fromEnv(Map.of("JL_API_KEY", "from-env", "JLS_BASE_URL", "http://127.0.0.1:8765")::get, null);

        try (JlsClient client = builder.build()) {
            assertThat(client.baseUrl()).contains("http://127.0.0.1:8765");
            assertThat(client.openai(ID).baseUrl()).isEqualTo("http://127.0.0.1:8765/openai/" + ID + "/v1");
        }
    }

    @Test
    void fromEnvWithNothingSetLeavesTheDefaults(@TempDir Path home) {
        JlsClient.Builder builder = JlsClient.builder().fromEnv(Map.<String, String>of()::get, home);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apiKey")
                .hasMessageContaining("JL_API_KEY")
                .hasMessageContaining(home.resolve(".config/jl/config.toml").toString());
    }

    @Test
    void withoutKeyNorJlApiKeyTheKeyJlSetupSavedIsUsed(@TempDir Path home) throws Exception {
        writeJlConfig(home.resolve(".config/jl"), "# saved by jl\n[auth]\ntoken = \"jl-saved-key\"\n");
        noida.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));

        try (JlsClient client = JlsClient.builder()
                .fromEnv(Map.<String, String>of()::get, home)
                .baseUrl(noida.baseUrl())
                .build()) {
            client.deployments().retrieveStatus(ID);
        }
        noida.verify(getRequestedFor(urlEqualTo("/management/" + ID + "/status"))
                .withHeader("Authorization", equalTo("Bearer jl-saved-key")));
    }

    @Test
    void xdgConfigHomeMovesJlsConfigFile(@TempDir Path home, @TempDir Path xdg) throws Exception {
        writeJlConfig(home.resolve(".config/jl"), "[auth]\ntoken = \"from-home\"\n");
        writeJlConfig(xdg.resolve("jl"), "[auth]\ntoken = \"from-xdg\"\n");

        assertThat(JlConfigFile.location(Map.of("XDG_CONFIG_HOME", xdg.toString())::get, home))
                .contains(xdg.resolve("jl/config.toml"));
        assertThat(JlConfigFile.location(Map.<String, String>of()::get, home))
                .contains(home.resolve(".config/jl/config.toml"));
        assertThat(JlConfigFile.location(Map.<String, String>of()::get, null)).isEmpty();
        assertThat(JlConfigFile.token(xdg.resolve("jl/config.toml"))).contains("from-xdg");
    }

    @Test
    void theKeyGivenOrInTheEnvironmentComesBeforeJlsFileWhichIsThenNotRead(@TempDir Path home) throws Exception {
        // Malformed: reading it would fail the build.
        writeJlConfig(home.resolve(".config/jl"), "[auth\n");
        noida.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));

        try (JlsClient fromEnv = JlsClient.builder()
                        .fromEnv(Map.of("JL_API_KEY", "env-key")::get, home)
                        .baseUrl(noida.baseUrl())
                        .build();
                JlsClient given = JlsClient.builder()
                        .fromEnv(Map.<String, String>of()::get, home)
                        .apiKey("given-key")
                        .baseUrl(noida.baseUrl())
                        .build()) {
            fromEnv.deployments().retrieveStatus(ID);
            given.deployments().retrieveStatus(ID);
        }
        noida.verify(getRequestedFor(urlEqualTo("/management/" + ID + "/status"))
                .withHeader("Authorization", equalTo("Bearer env-key")));
        noida.verify(getRequestedFor(urlEqualTo("/management/" + ID + "/status"))
                .withHeader("Authorization", equalTo("Bearer given-key")));
    }

    @Test
    void aMalformedJlConfigFileIsAnErrorNamingTheFileAndLine(@TempDir Path home) throws Exception {
        Path dir = home.resolve(".config/jl");
        writeJlConfig(dir, "[auth]\ntoken = 'never closed\n");

        assertThatThrownBy(() -> JlsClient.builder()
                        .fromEnv(Map.<String, String>of()::get, home)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(dir.resolve("config.toml") + ": line 2: ")
                .hasMessageContaining("does not end on its line");
    }

    @Test
    void aJlConfigFileWithoutTokenLeavesTheKeyUnset(@TempDir Path home) throws Exception {
        writeJlConfig(home.resolve(".config/jl"), "[auth]\ntoken = \"  \"\n[defaults]\nregion = \"IN2\"\n");

        assertThatThrownBy(() -> JlsClient.builder()
                        .fromEnv(Map.<String, String>of()::get, home)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apiKey: not set");
    }

    private static void writeJlConfig(Path dir, String text) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.toml"), text);
    }

    @Test
    void defaults() {
        try (JlsClient client = JlsClient.builder().apiKey("k").build()) {
            assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(client.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(client.maxRetries()).isEqualTo(2);
            assertThat(client.baseUrl()).isEmpty();
            assertThat(client.region()).isEmpty();
        }
    }

    @Test
    void badSettingsNameTheField() {
        JlsClient.Builder builder = JlsClient.builder();
        assertThatThrownBy(() -> builder.baseUrl("not a url")).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> builder.maxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> builder.apiKey(" ")).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> Region.of("mars")).hasMessageContaining("region");
    }

    @Test
    void regionsByAnyName() {
        assertThat(Region.of("in2")).isEqualTo(Region.IN2);
        assertThat(Region.of("IN1")).isEqualTo(Region.IN1);
        assertThat(Region.of("india-noida-01")).isEqualTo(Region.IN2);
        assertThat(Region.IN1.id()).isEqualTo("india-chennai-01");
        assertThat(Region.IN1.baseUrl()).isEqualTo("https://serverlessc.jarvislabs.net/");
    }

    @Test
    void newBuilderCopiesAndTheCopyOutlivesTheOriginal() {
        noida.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));
        JlsClient original = JlsClient.builder()
                .apiKey("k")
                .baseUrl(noida.baseUrl())
                .maxRetries(5)
                .build();
        JlsClient copy = original.newBuilder().timeout(Duration.ofSeconds(3)).build();
        original.close();

        try (copy) {
            assertThat(copy.maxRetries()).isEqualTo(5);
            assertThat(copy.timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(copy.deployments().retrieveStatus(ID).isRunning()).isTrue();
        }
        assertThatThrownBy(original::deployments)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closeLeavesAGivenHttpClientOpen() {
        noida.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));
        try (JlsHttpClient mine = TestHttp.newClient()) {
            JlsClient client = JlsClient.builder()
                    .apiKey("k")
                    .baseUrl(noida.baseUrl())
                    .httpClient(mine)
                    .build();
            client.deployments().retrieveStatus(ID);
            client.close();

            JlsClient again = client.newBuilder().build();
            assertThat(again.deployments().retrieveStatus(ID).isRunning()).isTrue();
            again.close();
        }
    }

    @Test
    void aConnectTimeoutBelongsToTheHttpClientThatConnects() {
        try (JlsHttpClient mine = TestHttp.newClient()) {
            JlsClient.Builder both =
                    JlsClient.builder().apiKey("k").httpClient(mine).connectTimeout(Duration.ofSeconds(1));

            assertThatThrownBy(both::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connectTimeout");
        }
    }

    @Test
    void theDefaultHttpClientIsOkHttpWhenItIsOnTheClassPathElseTheJdks() {
        try (JlsClient client = JlsClient.builder().apiKey("k").build()) {
            assertThat(client.httpClient())
                    .isInstanceOf(TestHttp.okHttpPresent() ? OkHttpJlsHttpClient.class : JdkJlsHttpClient.class);
        }
    }

    @Test
    void theKeyGoesInTheAuthorizationHeaderOnly() {
        noida.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));

        try (JlsClient client = JlsClient.builder()
                .apiKey("secret-key")
                .baseUrl(noida.baseUrl())
                .build()) {
            client.deployments().retrieveStatus(ID);
            assertThat(client.toString()).doesNotContain("secret-key");
            assertThat(client.newBuilder().toString()).doesNotContain("secret-key");
        }
        noida.verify(getRequestedFor(urlEqualTo("/management/" + ID + "/status"))
                .withHeader(
                        "Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer secret-key"))
                .withHeader("User-Agent", com.github.tomakehurst.wiremock.client.WireMock.matching("jls-java/.*")));
    }
}
