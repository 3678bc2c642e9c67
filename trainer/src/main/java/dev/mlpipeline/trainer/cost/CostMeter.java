package dev.mlpipeline.trainer.cost;

import java.util.Objects;

import weka.classifiers.Classifier;
import weka.core.Instance;
import weka.core.Instances;

import dev.mlpipeline.mlflow.model.ModelFileException;
import dev.mlpipeline.mlflow.model.ModelFileLimits;
import dev.mlpipeline.mlflow.model.WekaModelFile;

/**
 * Measures what a model file costs to serve: it loads the file through the same verified
 * reader serving uses, takes the heap of the classifier just loaded, and times scoring
 * one row at a time on the calling thread after a warm-up.
 */
public class CostMeter {

	/** The rows scored before timing starts, unless told otherwise. */
	public static final int DEFAULT_WARMUP_ROWS = 500;

	/** The rows timed, unless told otherwise. */
	public static final int DEFAULT_TIMED_ROWS = 2000;

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private final int warmupRows;

	private final int timedRows;

	private final ModelFileLimits limits;

	/**
	 * Creates a meter.
	 * @param warmupRows how many rows to score untimed first (0 or more)
	 * @param timedRows how many rows to time (1 or more); the given rows are cycled
	 * through when there are fewer
	 * @param limits the limits the model file must stay within, as in serving
	 */
	public CostMeter(int warmupRows, int timedRows, ModelFileLimits limits) {
		if (warmupRows < 0) {
			throw new IllegalArgumentException("warm-up rows must be 0 or more, was " + warmupRows);
		}
		if (timedRows < 1) {
			throw new IllegalArgumentException("timed rows must be 1 or more, was " + timedRows);
		}
		this.warmupRows = warmupRows;
		this.timedRows = timedRows;
		this.limits = Objects.requireNonNull(limits, "limits");
	}

	/**
	 * Measures one model file. Blocks the calling thread for the whole measurement.
	 * @param modelFile the {@code model.weka} file's bytes
	 * @param rows rows in the model's header structure, class attribute set; at least one
	 * @return the latency percentiles, file size and heap footprint
	 * @throws ModelFileException when the verified reader refuses the file
	 * @throws IllegalArgumentException when the rows are empty, have no class attribute
	 * or do not match the model's header
	 * @throws IllegalStateException when the model fails to score a row
	 */
	public ScoringCost measure(byte[] modelFile, Instances rows) throws ModelFileException {
		Objects.requireNonNull(modelFile, "modelFile");
		Objects.requireNonNull(rows, "rows");
		if (rows.numInstances() == 0) {
			throw new IllegalArgumentException("no rows to score: measuring the cost needs at least one row");
		}
		if (rows.classIndex() < 0) {
			throw new IllegalArgumentException("the rows have no class attribute set");
		}
		WekaModelFile model = WekaModelFile.read(modelFile, this.limits);
		if (!model.header().equalHeaders(rows)) {
			throw new IllegalArgumentException(
					"the rows do not match the model's header: " + model.header().equalHeadersMsg(rows));
		}
		// before any scoring: what serving holds right after loading the file
		long heapBytes = HeapFootprint.of(model.classifier());
		Classifier classifier = model.classifier();
		int classes = model.header().numClasses();
		for (int i = 0; i < this.warmupRows; i++) {
			score(classifier, rows, i, classes);
		}
		double[] millis = new double[this.timedRows];
		for (int i = 0; i < this.timedRows; i++) {
			millis[i] = score(classifier, rows, i, classes) / NANOS_PER_MILLI;
		}
		return new ScoringCost(Percentiles.nearestRank(millis, 50), Percentiles.nearestRank(millis, 99),
				modelFile.length, heapBytes, this.timedRows);
	}

	private static long score(Classifier classifier, Instances rows, int i, int classes) {
		Instance row = rows.instance(i % rows.numInstances());
		double[] distribution;
		long start = System.nanoTime();
		try {
			distribution = classifier.distributionForInstance(row);
		}
		catch (Exception ex) {
			throw new IllegalStateException("the model cannot score row " + (i % rows.numInstances()) + " ("
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", ex);
		}
		long elapsed = System.nanoTime() - start;
		// using the result keeps the JIT from dropping the call
		if (distribution.length != classes) {
			throw new IllegalStateException(
					"the model returned " + distribution.length + " class probabilities for " + classes + " classes");
		}
		return elapsed;
	}

}
