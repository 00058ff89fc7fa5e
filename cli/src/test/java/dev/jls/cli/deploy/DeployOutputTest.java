package dev.jls.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.cli.Output;
import dev.jls.cli.OutputFormat;
import dev.jls.cli.Terminal;
import dev.jls.sdk.Region;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.models.DeploymentList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.List;
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

    @Test
    void aCompleteListingWarnsOfNothing() {
        DeployList.warnOfUnlisted(output(OutputFormat.table), new DeploymentList(List.of(), List.of()));

        assertThat(err.toString()).isEmpty();
    }
}
