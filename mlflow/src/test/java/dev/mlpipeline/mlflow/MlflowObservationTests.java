package dev.mlpipeline.mlflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.test.MlflowServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call through an observed connection is one {@code mlflow.request} observation
 * with low-cardinality tags only.
 */
class MlflowObservationTests {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	MlflowObservationTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public void onStop(Observation.Context context) {
				MlflowObservationTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
	}

	@Test
	void aSuccessfulCallIsOneObservationWithMethodEndpointAndOutcome() {
		MlflowConnection connection = new MlflowConnection(MlflowProperties.of(MlflowServer.uri()), this.registry);
		connection.get("/api/2.0/mlflow/registered-models/search", Map.of("max_results", 1));
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo("mlflow.request");
			assertThat(context.getLowCardinalityKeyValues()).contains(KeyValue.of("mlflow.method", "GET"),
					KeyValue.of("mlflow.endpoint", "/api/2.0/mlflow/registered-models/search"),
					KeyValue.of("outcome", "SUCCESS"));
			assertThat(context.getHighCardinalityKeyValues()).isEmpty();
		});
	}

	@Test
	void aMissingThingIsNotFoundNotAnError() {
		MlflowConnection connection = new MlflowConnection(MlflowProperties.of(MlflowServer.uri()), this.registry);
		assertThat(new ModelRegistry(connection).findRegisteredModel("no-such-model-" + System.nanoTime())).isEmpty();
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getLowCardinalityKeyValues()).contains(KeyValue.of("outcome", "NOT_FOUND"),
					KeyValue.of("mlflow.endpoint", "/api/2.0/mlflow/registered-models/get"));
			assertThat(context.getError()).isNull();
		});
	}

	@Test
	void anUnobservedConnectionRecordsNothing() {
		new MlflowConnection(MlflowProperties.of(MlflowServer.uri())).get("/api/2.0/mlflow/registered-models/search",
				Map.of("max_results", 1));
		assertThat(this.stopped).isEmpty();
	}

}
