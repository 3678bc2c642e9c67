package dev.mlpipeline.serving.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import weka.core.Instances;

import dev.mlpipeline.mlflow.model.FeatureSchema;

/**
 * A model version verified, deserialized, checked against its schema and warmed up:
 * everything a request needs, immutable, so a request keeps the one it started with while
 * a swap happens.
 */
public final class LoadedModel {

	private final String name;

	private final String version;

	private final String runId;

	private final String source;

	private final String algorithm;

	private final Map<String, Double> metrics;

	private final FeatureSchema schema;

	private final String sha256;

	private final Instances header;

	private final List<BoundFeature> features;

	private final Map<String, BoundFeature> featuresByName;

	private final List<String> classLabels;

	private final boolean hasStringFeatures;

	private final Scorer scorer;

	private final long nanosPerRow;

	private final Instant loadedAt;

	private final LoadReason reason;

	LoadedModel(Description description, FeatureSchema schema, Instances header, List<BoundFeature> features,
			Scorer scorer, long nanosPerRow, Instant loadedAt, LoadReason reason) {
		this.name = description.name();
		this.version = description.version();
		this.runId = description.runId();
		this.source = description.source();
		this.algorithm = description.algorithm();
		this.metrics = Map.copyOf(description.metrics());
		this.sha256 = description.sha256();
		this.schema = schema;
		this.header = header;
		this.features = List.copyOf(features);
		this.featuresByName = features.stream()
			.collect(java.util.stream.Collectors.toUnmodifiableMap(BoundFeature::name, (feature) -> feature));
		this.classLabels = header.classAttribute().isNominal()
				? java.util.stream.IntStream.range(0, header.classAttribute().numValues())
					.mapToObj(header.classAttribute()::value)
					.toList()
				: List.of();
		this.hasStringFeatures = features.stream()
			.anyMatch((feature) -> feature.type() == FeatureSchema.FeatureType.STRING);
		this.scorer = scorer;
		this.nanosPerRow = nanosPerRow;
		this.loadedAt = loadedAt;
		this.reason = reason;
	}

	public String name() {
		return this.name;
	}

	public String version() {
		return this.version;
	}

	public String runId() {
		return this.runId;
	}

	public String source() {
		return this.source;
	}

	public String algorithm() {
		return this.algorithm;
	}

	public Map<String, Double> metrics() {
		return this.metrics;
	}

	public FeatureSchema schema() {
		return this.schema;
	}

	public String sha256() {
		return this.sha256;
	}

	/**
	 * The training header rows are attached to; never modified after loading.
	 * @return the header
	 */
	public Instances header() {
		return this.header;
	}

	/**
	 * The schema's features in schema order.
	 * @return the features
	 */
	public List<BoundFeature> features() {
		return this.features;
	}

	/**
	 * A feature by name.
	 * @param name the feature name
	 * @return the feature, or {@code null} when the model has none by that name
	 */
	public BoundFeature feature(String name) {
		return this.featuresByName.get(name);
	}

	/**
	 * The class values in header order; empty for a numeric class.
	 * @return the labels
	 */
	public List<String> classLabels() {
		return this.classLabels;
	}

	public boolean numericClass() {
		return this.classLabels.isEmpty();
	}

	/**
	 * Whether rows need a private copy of the header (string values are added to it).
	 * @return {@code true} when a feature is a string
	 */
	public boolean hasStringFeatures() {
		return this.hasStringFeatures;
	}

	public Scorer scorer() {
		return this.scorer;
	}

	/**
	 * The scoring cost of one row measured at warm-up.
	 * @return nanoseconds per row
	 */
	public long nanosPerRow() {
		return this.nanosPerRow;
	}

	/**
	 * Whether a batch is cheap enough to score on the calling (event-loop) thread.
	 * @param rows the batch size
	 * @param budgetNanos the inline budget
	 * @return {@code true} for a shared scorer whose estimated cost is within budget
	 */
	public boolean scoresInline(int rows, long budgetNanos) {
		return this.scorer.shared() && rows * this.nanosPerRow <= budgetNanos;
	}

	public Instant loadedAt() {
		return this.loadedAt;
	}

	public LoadReason reason() {
		return this.reason;
	}

	/**
	 * What the registry says about the version.
	 *
	 * @param name the model name
	 * @param version the version
	 * @param runId the run holding the artifacts
	 * @param source the version's artifact source
	 * @param algorithm the Weka algorithm
	 * @param metrics its evaluation metrics
	 * @param sha256 the verified SHA-256 of the model file
	 */
	record Description(String name, String version, String runId, String source, String algorithm,
			Map<String, Double> metrics, String sha256) {

	}

}
