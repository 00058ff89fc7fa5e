package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /metrics} shows a tenant its own figures, never another tenant's. */
class TenantMetricsTest {

    @Test
    void anotherTenantsRequestsAndLatenciesStayOutOfMyMetrics() {
        try (JlsEmulator emulator = JlsEmulator.builder()
                .options(new EmulatorOptions().addApiKey("tenant-a").addApiKey("tenant-b"))
                .launcher(new InProcessLauncher())
                .build()
                .start()) {
            RawHttp a = new RawHttp(emulator.baseUrl(), "tenant-a");
            RawHttp b = a.withKey("tenant-b");
            HttpResponse<String> created = a.post(
                    "/management/create",
                    "{\"name\": \"figures\","
                            + " \"min_workers\": 0, \"max_workers\": 1, \"args\": {\"model\": \"m\"}}");
            String dep = RawHttp.json(created).get("deployment_id").asText();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = a.post(
                        "/openai/" + dep + "/v1/chat/completions",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }

            String mine = a.get("/metrics").body();
            assertThat(mine)
                    .contains("jls_requests_total{state=\"Completed\"} 3")
                    .contains("jls_request_duration_seconds_count 3")
                    .contains("jls_queue_wait_seconds_count 3");
            String theirs = b.get("/metrics").body();
            assertThat(theirs)
                    .contains("jls_requests_total{state=\"Queued\"} 0")
                    .contains("jls_requests_total{state=\"Completed\"} 0")
                    .contains("jls_request_duration_seconds_count 0")
                    .contains("jls_queue_wait_seconds_count 0")
                    .doesNotContain(dep)
                    // the pool is shared: every tenant sees it
                    .contains("jls_gpus{type=");
        }
    }
}
