package dev.mlpipeline.trainer.cost;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.Classifier;
import weka.classifiers.rules.ZeroR;
import weka.classifiers.trees.J48;
import weka.classifiers.trees.RandomForest;
import weka.core.Instances;
import weka.core.SerializationHelper;

import dev.mlpipeline.mlflow.model.ModelFileException;
import dev.mlpipeline.mlflow.model.ModelFileException.Kind;
import dev.mlpipeline.mlflow.model.ModelFileLimits;
import dev.mlpipeline.mlflow.model.WekaModelFile;
import dev.mlpipeline.trainer.training.DatasetResolver;
import dev.mlpipeline.trainer.training.WekaEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CostMeterTests {

	@TempDir
	static Path dataDir;

	static Instances iris;

	static byte[] zeroR;

	static byte[] j48;

	static byte[] randomForest;

	final CostMeter meter = new CostMeter(CostMeter.DEFAULT_WARMUP_ROWS, CostMeter.DEFAULT_TIMED_ROWS,
			ModelFileLimits.DEFAULTS);

	@BeforeAll
	static void trainModels() throws Exception {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		iris = new DatasetResolver(dataDir).load("builtin:iris", null);
		zeroR = modelFile(new ZeroR());
		j48 = modelFile(new J48());
		RandomForest forest = new RandomForest();
		forest.setNumIterations(100);
		forest.setSeed(1);
		randomForest = modelFile(forest);
	}

	@Test
	void findsARandomForestLargerHeavierAndSlowerThanZeroRAndJ48() throws Exception {
		ScoringCost zero = this.meter.measure(zeroR, iris);
		ScoringCost tree = this.meter.measure(j48, iris);
		ScoringCost forest = this.meter.measure(randomForest, iris);
		assertThat(forest.modelBytes()).isGreaterThan(tree.modelBytes()).isGreaterThan(zero.modelBytes());
		assertThat(forest.heapBytes()).isGreaterThan(tree.heapBytes()).isGreaterThan(zero.heapBytes());
		assertThat(forest.latencyP99Ms()).isGreaterThan(zero.latencyP99Ms());
		assertThat(forest.latencyP50Ms()).isGreaterThan(zero.latencyP50Ms());
	}

	@Test
	void reportsTheFileLengthAndOrderedPercentilesOverTheConfiguredRows() throws Exception {
		// more timed rows than iris has: the meter cycles through them
		CostMeter meter = new CostMeter(7, 337, ModelFileLimits.DEFAULTS);
		ScoringCost cost = meter.measure(j48, iris);
		assertThat(cost.modelBytes()).isEqualTo(j48.length);
		assertThat(cost.timedRows()).isEqualTo(337);
		assertThat(cost.latencyP50Ms()).isPositive().isLessThanOrEqualTo(cost.latencyP99Ms());
		assertThat(this.meter.measure(j48, iris).timedRows()).isEqualTo(CostMeter.DEFAULT_TIMED_ROWS);
	}

	@Test
	void takesTheHeapOfTheClassifierAsLoadedFromTheFile() throws Exception {
		WekaModelFile loaded = WekaModelFile.read(randomForest, ModelFileLimits.DEFAULTS);
		long classifier = HeapFootprint.of(loaded.classifier());
		long withHeader = HeapFootprint.of(new Object[] { loaded.classifier(), loaded.header() });
		assertThat(this.meter.measure(randomForest, iris).heapBytes()).isEqualTo(classifier).isLessThan(withHeader);
	}

	@Test
	void refusesEmptyRowsNamingWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.meter.measure(j48, new Instances(iris, 0)))
			.withMessage("no rows to score: measuring the cost needs at least one row");
	}

	@Test
	void refusesRowsWithoutAClassAttribute() {
		Instances unlabelled = new Instances(iris);
		unlabelled.setClassIndex(-1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.meter.measure(j48, unlabelled))
			.withMessage("the rows have no class attribute set");
	}

	@Test
	void refusesRowsOfAnotherStructureThanTheModels() {
		Instances credit = new DatasetResolver(dataDir).load("builtin:credit-g", null);
		assertThatIllegalArgumentException().isThrownBy(() -> this.meter.measure(j48, credit))
			.withMessageStartingWith("the rows do not match the model's header: ");
	}

	@Test
	void passesOnTheVerifiedReadersRefusal() {
		byte[] notAModel = "not a model".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.meter.measure(notAModel, iris))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.CORRUPT));
		CostMeter small = new CostMeter(0, 1, new ModelFileLimits(100, 2000, 1000, 1000));
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> small.measure(j48, iris))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.TOO_LARGE));
	}

	@Test
	void refusesNoTimedRowsOrNegativeWarmUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CostMeter(0, 0, ModelFileLimits.DEFAULTS))
			.withMessageContaining("timed rows");
		assertThatIllegalArgumentException().isThrownBy(() -> new CostMeter(-1, 10, ModelFileLimits.DEFAULTS))
			.withMessageContaining("warm-up rows");
	}

	private static byte[] modelFile(Classifier classifier) throws Exception {
		classifier.buildClassifier(iris);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SerializationHelper.writeAll(out, new Object[] { classifier, new Instances(iris, 0) });
		return out.toByteArray();
	}

}
