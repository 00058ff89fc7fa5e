package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.sdk.internal.Json;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OpenEnumProperties {

    private static final Set<String> STATUSES = Set.of(
            "starting",
            "filesystem_created",
            "downloading_model",
            "model_downloaded",
            "running",
            "failed",
            "cleaning",
            "deleting");

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(
                Arbitraries.of(STATUSES),
                Arbitraries.strings()
                        .ofMinLength(0)
                        .ofMaxLength(20)
                        .excludeChars('\uD800', '\uDBFF', '\uDC00', '\uDFFF'));
    }

    @Property
    void anyWordIsKeptAndKnownOnlyIfListed(@ForAll("words") String word) {
        DeploymentStatus status = DeploymentStatus.of(word);

        assertThat(status.asString()).isEqualTo(word);
        assertThat(status).isEqualTo(DeploymentStatus.of(word));
        assertThat(status.isKnown()).isEqualTo(STATUSES.contains(word));
        assertThat(status.value() == DeploymentStatus.Value._UNKNOWN).isEqualTo(!STATUSES.contains(word));
        assertThat(Json.read(Json.write(status), DeploymentStatus.class)).isEqualTo(status);
    }

    @Property
    void anyWordSurvivesAModelRoundTrip(@ForAll("words") String word) {
        WorkerInfo worker = WorkerInfo.builder().status(WorkerStatus.of(word)).build();
        ChatDelta delta = ChatDelta.builder().role(ChatRole.of(word)).build();
        RequestResult pending =
                RequestResult.fromFetch("req-1", Json.readTree(Json.write(java.util.Map.of("status", word + "x"))));

        assertThat(Json.read(Json.write(worker), WorkerInfo.class).status().asString())
                .isEqualTo(word);
        assertThat(Json.read(Json.write(delta), ChatDelta.class).role()).contains(ChatRole.of(word));
        assertThat(pending.state().asString()).isEqualTo(word + "x");
    }
}
