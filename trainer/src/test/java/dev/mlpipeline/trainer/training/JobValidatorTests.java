package dev.mlpipeline.trainer.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.event.TrainingRequested.Dataset;
import dev.mlpipeline.kafka.event.TrainingRequested.Evaluation;
import dev.mlpipeline.kafka.serde.EventJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobValidatorTests {

	@TempDir
	static Path dataDir;

	static JobValidator validator;

	@BeforeAll
	static void validator() {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		validator = new JobValidator(new DatasetResolver(dataDir), new AlgorithmResolver(dataDir));
	}

	@Test
	void preparesAValidJobWithDefaultEvaluation() {
		PreparedJob prepared = validator.prepare(job("iris", "builtin:iris", "J48", "-C 0.25", null));
		assertThat(prepared.algorithm()).isEqualTo("weka.classifiers.trees.J48");
		assertThat(prepared.data().numInstances()).isEqualTo(150);
		assertThat(prepared.plan()).isEqualTo(new EvaluationPlan(10, 1, null));
		assertThat(prepared.params()).containsEntry("algorithm", "weka.classifiers.trees.J48")
			.containsEntry("options", "-C 0.25")
			.containsEntry("dataset", "builtin:iris")
			.containsEntry("num_instances", "150")
			.containsEntry("num_attributes", "5")
			.containsEntry("class_attribute", "class")
			.containsEntry("evaluation", "10-fold cross-validation, seed 1")
			.containsKey("effective_options");
	}

	@Test
	void acceptsAHoldoutEvaluation() {
		PreparedJob prepared = validator
			.prepare(job("iris", "builtin:iris", "NaiveBayes", null, new Evaluation(null, 7L, 0.25)));
		assertThat(prepared.plan().holdout()).isTrue();
		assertThat(prepared.params()).containsEntry("evaluation", "holdout 0.25, seed 7");
	}

	@Test
	void namesTheFieldAtFaultForEachKindOfBadJob() {
		assertRefused(job(null, "builtin:iris", "J48", null, null), "modelName", "is required");
		assertRefused(job("bad name!", "builtin:iris", "J48", null, null), "modelName", "must be");
		assertRefused(
				new TrainingRequested(null, "iris", new Dataset("builtin:iris", null), "J48", null, null, null, null),
				"jobId", "is required");
		assertRefused(job("iris", "builtin:iris", "DeepForest", null, null), "algorithm", "unknown algorithm");
		assertRefused(job("iris", "builtin:iris", "J48", "-C abc", null), "options", "J48 rejects");
		assertRefused(job("iris", "builtin:nope", "J48", null, null), "dataset.uri", "unknown built-in");
		assertRefused(job("iris", "file:../etc/passwd", "J48", null, null), "dataset.uri", "leaves the data directory");
		assertRefused(new TrainingRequested("j-1", "iris", null, "J48", null, null, null, null), "dataset",
				"is required");
		assertRefused(job("iris", "builtin:iris", "J48", null, new Evaluation(1, null, null)), "evaluation.folds",
				"at least 2");
		assertRefused(job("iris", "builtin:iris", "J48", null, new Evaluation(200, null, null)), "evaluation.folds",
				"the data set has 150");
		assertRefused(job("iris", "builtin:iris", "J48", null, new Evaluation(null, null, 1.5)),
				"evaluation.holdoutFraction", "between 0 and 1");
		assertRefused(job("iris", "builtin:iris", "J48", null, new Evaluation(5, null, 0.3)), "evaluation", "not both");
	}

	@Test
	void refusesAnAlgorithmThatCannotHandleTheData() throws Exception {
		Files.writeString(dataDir.resolve("notes.arff"), """
				@relation notes
				@attribute note string
				@attribute class {yes,no}
				@data
				'a note',yes
				'another note',no
				""");
		assertRefused(job("notes", "file:notes.arff", "J48", null, null), "algorithm", "cannot train on this data set");
	}

	@Test
	void refusesAModelLoadingAlgorithmBeforeItTouchesAFile() {
		assertRefused(
				job("iris", "builtin:iris", "weka.classifiers.misc.InputMappedClassifier", "-L /etc/passwd", null),
				"algorithm", "not an algorithm the trainer allows");
		assertRefused(
				job("iris", "builtin:iris", "weka.classifiers.misc.SerializedClassifier", "-model /etc/passwd", null),
				"algorithm", "not an algorithm the trainer allows");
	}

	@Test
	void validatingReadsOnlyTheHeaderAndFirstRowsWhilePreparingReadsTheWholeFile() throws Exception {
		StringBuilder csv = new StringBuilder("a,b,class\n");
		for (int i = 0; i < 3 * JobValidator.SAMPLE_ROWS; i++) {
			csv.append(i).append(',').append(i % 7).append(',').append((i % 2 == 0) ? "yes" : "no").append('\n');
		}
		// a row past the sample that the whole-file load refuses
		csv.append("1,2,yes,extra\n");
		Files.writeString(dataDir.resolve("big.csv"), csv);
		TrainingRequested job = new TrainingRequested("job-1", "big", new Dataset("file:big.csv", "class"), "J48", null,
				null, null, null);
		validator.validate(job);
		assertThatThrownBy(() -> validator.prepare(job)).isInstanceOf(InvalidJobException.class)
			.hasMessageContaining("cannot parse 'big.csv'");
	}

	@Test
	void theSampleStillCatchesAHeaderOnlyFileAndTooManyFoldsForASmallFile() throws Exception {
		Files.writeString(dataDir.resolve("header.csv"), "a,b,class\n");
		assertRefused(job("h", "file:header.csv", "J48", null, null), "dataset.uri", "has no rows");
		Files.writeString(dataDir.resolve("tiny.csv"), "a,class\n1,yes\n2,no\n3,yes\n");
		assertRefused(job("t", "file:tiny.csv", "J48", null, null), "evaluation.folds", "the data set has 3");
	}

	@Test
	void theExampleJobsOfTheReadmeAreValidExceptTheBadOne() throws Exception {
		JsonMapper json = EventJson.mapper();
		try (Stream<Path> files = Files.list(Path.of("examples"))) {
			List<Path> examples = files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
			assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
			for (Path file : examples) {
				TrainingRequested example = json.readValue(file.toFile(), TrainingRequested.class);
				TrainingRequested job = new TrainingRequested("example", example.modelName(), example.dataset(),
						example.algorithm(), example.options(), example.evaluation(), null, null);
				if (file.getFileName().toString().startsWith("bad-")) {
					assertRefused(job, "algorithm", "unknown algorithm");
				}
				else {
					assertThat(validator.prepare(job).data().numInstances()).as(file.toString()).isPositive();
				}
			}
		}
	}

	private static TrainingRequested job(String model, String uri, String algorithm, String options,
			Evaluation evaluation) {
		return new TrainingRequested("job-1", model, new Dataset(uri, null), algorithm, options, evaluation, null,
				null);
	}

	private static void assertRefused(TrainingRequested job, String field, String message) {
		assertThatThrownBy(() -> validator.validate(job)).isInstanceOf(InvalidJobException.class)
			.hasMessageContaining(message)
			.extracting((ex) -> ((InvalidJobException) ex).field())
			.isEqualTo(field);
	}

}
