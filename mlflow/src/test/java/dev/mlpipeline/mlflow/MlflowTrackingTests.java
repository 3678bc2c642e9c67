package dev.mlpipeline.mlflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Experiments and runs against {@code MlflowServer.uri()}: the in-process test server by
 * default, a real MLflow when {@code MLFLOW_TRACKING_URI} is set.
 */
class MlflowTrackingTests {

	private final MlflowConnection connection = TestClients.connection();

	private final MlflowTracking tracking = new MlflowTracking(this.connection);

	@Test
	void createsAnExperimentOnceAndFindsItByName() {
		String name = TestClients.unique("exp");
		Experiment created = this.tracking.getOrCreateExperiment(name);
		Experiment again = this.tracking.getOrCreateExperiment(name);
		assertThat(again).isEqualTo(created);
		assertThat(created.name()).isEqualTo(name);
		assertThat(created.artifactLocation()).startsWith("mlflow-artifacts:/");
		assertThat(this.tracking.findExperiment(name)).contains(created);
		assertThat(this.tracking.getExperiment(created.id())).isEqualTo(created);
	}

	@Test
	void findsNoExperimentThatDoesNotExist() {
		assertThat(this.tracking.findExperiment(TestClients.unique("missing"))).isEmpty();
	}

	@Test
	void reportsADuplicateExperimentAsAlreadyExists() {
		String name = TestClients.unique("exp");
		this.tracking.getOrCreateExperiment(name);
		assertThatExceptionOfType(MlflowAlreadyExistsException.class)
			.isThrownBy(() -> this.connection.post("/api/2.0/mlflow/experiments/create", Map.of("name", name)))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");
				assertThat(ex.httpStatus()).isEqualTo(400);
				assertThat(ex.getMessage()).contains(name);
			});
	}

	@Test
	void recordsParamsMetricsAndTagsOnARun() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("exp"));
		Run run = this.tracking.createRun(experiment.id(), "train-1", Map.of("job_id", "job-1"));
		assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
		assertThat(run.artifactUri()).isEqualTo("mlflow-artifacts:/" + experiment.id() + "/" + run.id() + "/artifacts");
		this.tracking.logBatch(run.id(), Map.of("algorithm", "J48", "folds", "10"),
				Map.of("accuracy", 0.93, "kappa", 0.88), Map.of("stage", "train"));
		this.tracking.setTag(run.id(), "dataset", "iris");
		Run read = this.tracking.getRun(run.id());
		assertThat(read.name()).isEqualTo("train-1");
		assertThat(read.params()).containsEntry("algorithm", "J48").containsEntry("folds", "10");
		assertThat(read.metrics()).containsEntry("accuracy", 0.93).containsEntry("kappa", 0.88);
		assertThat(read.tags()).containsEntry("job_id", "job-1")
			.containsEntry("stage", "train")
			.containsEntry("dataset", "iris");
	}

	@Test
	void logsASeriesStepByStepAndReadsItBackInStepOrder() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("exp"));
		Run run = this.tracking.createRun(experiment.id(), "folds", Map.of());
		this.tracking.logSeries(run.id(),
				Map.of("fold.accuracy", List.of(0.9, 0.8, 1.0), "champion.fold.accuracy", List.of(0.7, 0.85, 0.9)));
		assertThat(this.tracking.metricHistory(run.id(), "fold.accuracy")).containsExactly(0.9, 0.8, 1.0);
		assertThat(this.tracking.metricHistory(run.id(), "champion.fold.accuracy")).containsExactly(0.7, 0.85, 0.9);
		assertThat(this.tracking.metricHistory(run.id(), "never.logged")).isEmpty();
		// a run's metric is its value at the highest step
		assertThat(this.tracking.getRun(run.id()).metrics()).containsEntry("fold.accuracy", 1.0);
	}

	@Test
	void logsMoreParamsThanOneBatchHolds() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("exp"));
		Run run = this.tracking.createRun(experiment.id(), null, Map.of());
		Map<String, String> params = new LinkedHashMap<>();
		for (int i = 0; i < 150; i++) {
			params.put("p" + i, String.valueOf(i));
		}
		this.tracking.logBatch(run.id(), params, Map.of(), Map.of());
		assertThat(this.tracking.getRun(run.id()).params()).hasSize(150).containsEntry("p149", "149");
	}

	@Test
	void finishesRunsAsFinishedOrFailed() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("exp"));
		Run good = this.tracking.createRun(experiment.id(), "good", Map.of());
		Run bad = this.tracking.createRun(experiment.id(), "bad", Map.of());
		Run finished = this.tracking.finishRun(good.id(), RunStatus.FINISHED);
		Run failed = this.tracking.finishRun(bad.id(), RunStatus.FAILED);
		assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
		assertThat(finished.endTime()).isNotNull();
		assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
	}

	@Test
	void searchesRunsByTag() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("exp"));
		Run wanted = this.tracking.createRun(experiment.id(), "wanted", Map.of("job_id", "job-a"));
		this.tracking.createRun(experiment.id(), "other", Map.of("job_id", "job-b"));
		List<Run> found = this.tracking.searchRuns(List.of(experiment.id()), "tags.job_id = 'job-a'");
		assertThat(found).extracting(Run::id).containsExactly(wanted.id());
		assertThat(this.tracking.searchRuns(List.of(experiment.id()), null)).hasSize(2);
		assertThat(this.tracking.searchRuns(List.of(experiment.id()), "tags.job_id = 'none'")).isEmpty();
	}

	@Test
	void refusesToChangeALoggedParam() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("exp"));
		Run run = this.tracking.createRun(experiment.id(), null, Map.of());
		this.tracking.logBatch(run.id(), Map.of("lr", "0.01"), Map.of(), Map.of());
		assertThatExceptionOfType(MlflowInvalidParameterException.class)
			.isThrownBy(() -> this.tracking.logBatch(run.id(), Map.of("lr", "0.02"), Map.of(), Map.of()))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE"));
	}

	@Test
	void reportsAMissingRunAsNotFound() {
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> this.tracking.getRun("0123456789abcdef0123456789abcdef"))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
				assertThat(ex.httpStatus()).isEqualTo(404);
			});
	}

	@Test
	void refusesToFinishARunAsRunning() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.tracking.finishRun("any", RunStatus.RUNNING));
	}

}
