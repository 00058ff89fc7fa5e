package dev.jls.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.cli.Documents;
import dev.jls.cli.Jls;
import dev.jls.cli.Output;
import dev.jls.cli.OutputFormat;
import dev.jls.cli.Terminal;
import dev.jls.sdk.Region;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the deploy verbs print for answers a running service seldom gives: built here, not served. */
class DeployOutputTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    Output output(OutputFormat format) {
        return new Output(new PrintWriter(out, true), new PrintWriter(err, true), format, Terminal.none());
    }

    @Test
    void aListingWithoutARegionWarnsOnStandardErrorNamingIt() {
        DeploymentList listing = new DeploymentList(
                List.of(),
                List.of(new RegionError(
                        Region.IN1,
                        new JlsIoException(
                                "GET https://serverlessc.jarvislabs.net/management/list failed",
                                new ConnectException("Connection refused")))));

        DeployList.warnOfUnlisted(output(OutputFormat.json), listing);

        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("warning: could not reach region IN1, so its deployments are not listed: ")
                .contains("Connection refused");
        assertThat(out.toString()).isEmpty();
    }

    static final String URL = "http://127.0.0.1:8765/openai/dep-0123456789ab/v1";

    static final Jls.Connection CONNECTION = new Jls.Connection(
            Optional.of("key"),
            Optional.of("http://127.0.0.1:8765"),
            Optional.empty(),
            "$JL_API_KEY",
            "$JLS_BASE_URL",
            Optional.empty(),
            true);

    static Deployment record(String cost) {
        return Deployment.fromJson(Documents.parse("""
                {"deployment_id": "dep-0123456789ab", "name": "qwen", "status": "running",
                 "args": {"model": "Qwen/Qwen3-0.6B"}%s}""".formatted(cost)));
    }

    @Test
    void aDeploymentShowsWhatItCostInItsCurrency() {
        DeployGet.print(
                output(OutputFormat.table), record(", \"total_cost\": 1.23, \"currency\": \"USD\""), URL, CONNECTION);
        DeployGet.print(output(OutputFormat.table), record(", \"total_cost\": 0.5"), URL, CONNECTION);
        DeployGet.print(
                output(OutputFormat.table), record(", \"total_cost\": null, \"currency\": \"USD\""), URL, CONNECTION);

        assertThat(out.toString().lines().filter(line -> line.startsWith("cost:")))
                .map(line -> line.replaceAll(" +", " "))
                .containsExactly("cost: 1.23 USD", "cost: 0.5");
    }

    @Test
    void aCompleteListingWarnsOfNothing() {
        DeployList.warnOfUnlisted(output(OutputFormat.table), new DeploymentList(List.of(), List.of()));

        assertThat(err.toString()).isEmpty();
    }
}
