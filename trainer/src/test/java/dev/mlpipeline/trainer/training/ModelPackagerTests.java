package dev.mlpipeline.trainer.training;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;
import weka.classifiers.Classifier;
import weka.core.Attribute;
import weka.core.Instances;
import weka.core.SerializationHelper;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.event.TrainingRequested.Dataset;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;
import dev.mlpipeline.mlflow.model.ModelArtifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ModelPackagerTests {

	@TempDir
	static Path dataDir;

	static PreparedJob prepared;

	static TrainedModel model;

	static ModelPackage pack;

	@BeforeAll
	static void packIris() {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		JobValidator validator = new JobValidator(new DatasetResolver(dataDir), new AlgorithmResolver(dataDir));
		prepared = validator.prepare(new TrainingRequested("job-1", "iris", new Dataset("builtin:iris", null), "J48",
				null, null, null, null));
		model = new ModelTrainer().train(prepared);
		pack = new ModelPackager().pack(model, "run-123", null, Instant.parse("2025-01-02T03:04:05.678Z"));
	}

	@Test
	void writesTheAgreedFiles() {
		assertThat(pack.files()).containsOnlyKeys(ModelArtifacts.MODEL_FILE, ModelArtifacts.MLMODEL_FILE,
				ModelArtifacts.SCHEMA_FILE, ModelArtifacts.SHA256_FILE, ModelPackager.CONFUSION_MATRIX_FILE,
				ModelPackager.SUMMARY_FILE, ModelPackager.INPUT_EXAMPLE_FILE, ModelPackager.SERVING_INPUT_EXAMPLE_FILE);
		assertThat(List.copyOf(pack.files().keySet())).last().isEqualTo(ModelArtifacts.MLMODEL_FILE);
		assertThat(new String(pack.files().get(ModelArtifacts.SHA256_FILE), StandardCharsets.US_ASCII))
			.isEqualTo(pack.sha256())
			.isEqualTo(ModelPackager.sha256(pack.files().get(ModelArtifacts.MODEL_FILE)))
			.hasSize(64);
		assertThat(new String(pack.files().get(ModelPackager.SUMMARY_FILE), StandardCharsets.UTF_8))
			.contains("Kappa statistic");
	}

	@Test
	void describesTheFeaturesForServing() {
		FeatureSchema schema = FeatureSchema.read(pack.files().get(ModelArtifacts.SCHEMA_FILE));
		assertThat(schema.features()).extracting(FeatureSchema.Feature::name)
			.containsExactly("sepallength", "sepalwidth", "petallength", "petalwidth");
		assertThat(schema.features()).allSatisfy((feature) -> {
			assertThat(feature.type()).isEqualTo(FeatureType.NUMERIC);
			assertThat(feature.nullable()).isFalse();
		});
		assertThat(schema.target().name()).isEqualTo("class");
		assertThat(schema.target().type()).isEqualTo(FeatureType.NOMINAL);
		assertThat(schema.target().values()).containsExactly("Iris-setosa", "Iris-versicolor", "Iris-virginica");
	}

	@Test
	void describesNominalFeaturesWithTheirValues() {
		Instances credit = new DatasetResolver(dataDir).load("builtin:credit-g", null);
		FeatureSchema schema = FeatureSchemas.of(new Instances(credit, 0));
		assertThat(schema.features()).hasSize(20);
		FeatureSchema.Feature checking = schema.features().get(0);
		assertThat(checking.name()).isEqualTo("checking_status");
		assertThat(checking.type()).isEqualTo(FeatureType.NOMINAL);
		assertThat(checking.values()).containsExactly("<0", "0<=X<200", ">=200", "no checking");
		assertThat(schema.target().values()).containsExactly("good", "bad");
	}

	@Test
	@SuppressWarnings("unchecked")
	void writesAnMlmodelFileWithAWekaFlavorAndASignature() {
		String mlmodel = new String(pack.files().get(ModelArtifacts.MLMODEL_FILE), StandardCharsets.UTF_8);
		Map<String, Object> yaml = new Yaml().load(mlmodel);
		assertThat(yaml).containsEntry("artifact_path", "model")
			.containsEntry("run_id", "run-123")
			.containsEntry("utc_time_created", "2025-01-02 03:04:05.678000")
			.containsKey("model_uuid");
		@SuppressWarnings("unchecked")
		Map<String, Object> weka = (Map<String, Object>) ((Map<String, Object>) yaml.get("flavors")).get("weka");
		assertThat(weka).containsEntry("classifier", "weka.classifiers.trees.J48")
			.containsEntry("model_file", "model.weka")
			.containsEntry("schema_file", "schema.json")
			.containsEntry("weka_version", "3.8.6");
		@SuppressWarnings("unchecked")
		Map<String, String> signature = (Map<String, String>) yaml.get("signature");
		JsonMapper json = JsonMapper.builder().build();
		List<Object> inputs = json.readValue(signature.get("inputs"), List.class);
		assertThat(inputs).hasSize(4)
			.first()
			.isEqualTo(Map.of("type", "double", "name", "sepallength", "required", true));
		List<Object> outputs = json.readValue(signature.get("outputs"), List.class);
		assertThat(outputs).containsExactly((Object) Map.of("type", "string", "name", "class", "required", true));
	}

	@Test
	void anMlflow3PackageNamesItsLoggedModelAsMlflow3ClientsDo() {
		Map<String, Object> mlflow2 = new Yaml()
			.load(new String(pack.files().get(ModelArtifacts.MLMODEL_FILE), StandardCharsets.UTF_8));
		assertThat(mlflow2).doesNotContainKey("model_id");
		ModelPackage logged = new ModelPackager().pack(model, "run-123", "m-0a1b2c",
				Instant.parse("2025-01-02T03:04:05.678Z"));
		Map<String, Object> mlflow3 = new Yaml()
			.load(new String(logged.files().get(ModelArtifacts.MLMODEL_FILE), StandardCharsets.UTF_8));
		assertThat(mlflow3).containsEntry("model_id", "m-0a1b2c")
			.containsEntry("model_uuid", "m-0a1b2c")
			.containsEntry("run_id", "run-123");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theMlmodelFileReferencesAnInputExampleOfTheFirstTrainingRowsAsMlflowDoes() {
		Map<String, Object> yaml = new Yaml()
			.load(new String(pack.files().get(ModelArtifacts.MLMODEL_FILE), StandardCharsets.UTF_8));
		assertThat((Map<String, Object>) yaml.get("saved_input_example_info"))
			.containsEntry("artifact_path", "input_example.json")
			.containsEntry("type", "dataframe")
			.containsEntry("pandas_orient", "split")
			.containsEntry("serving_input_path", "serving_input_example.json");
		assertThat((Map<String, Object>) yaml.get("signature")).containsEntry("params", null);
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Object> example = json.readValue(pack.files().get(ModelPackager.INPUT_EXAMPLE_FILE), Map.class);
		assertThat(example.get("columns")).isEqualTo(List.of("sepallength", "sepalwidth", "petallength", "petalwidth"));
		List<List<Object>> data = (List<List<Object>>) example.get("data");
		assertThat(data).hasSize(5);
		var first = prepared.data().instance(0);
		assertThat(data.get(0)).containsExactly(first.value(0), first.value(1), first.value(2), first.value(3));
		Map<String, Object> serving = json.readValue(pack.files().get(ModelPackager.SERVING_INPUT_EXAMPLE_FILE),
				Map.class);
		assertThat(serving).containsOnlyKeys("dataframe_split").containsEntry("dataframe_split", example);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aFeatureWithMissingValuesInTheTrainingDataIsNullableAndItsExampleValueNull() throws Exception {
		Files.writeString(dataDir.resolve("gaps.csv"), """
				size,colour,weight,class
				1,red,?,yes
				2,,3.5,no
				3,blue,4.5,yes
				4,red,5.5,no
				5,blue,6.5,yes
				6,red,7.5,no
				""");
		JobValidator validator = new JobValidator(new DatasetResolver(dataDir), new AlgorithmResolver(dataDir));
		PreparedJob gaps = validator
			.prepare(new TrainingRequested("job-2", "gaps", new Dataset("file:gaps.csv", "class"), "J48", null,
					new TrainingRequested.Evaluation(2, 1L, null), null, null));
		ModelPackage files = new ModelPackager().pack(new ModelTrainer().train(gaps), "run-456", null, Instant.now());
		FeatureSchema schema = FeatureSchema.read(files.files().get(ModelArtifacts.SCHEMA_FILE));
		assertThat(schema.features()).extracting(FeatureSchema.Feature::name, FeatureSchema.Feature::nullable)
			.containsExactly(tuple("size", false), tuple("colour", true), tuple("weight", true));
		assertThat(schema.target().nullable()).isFalse();
		Map<String, Object> yaml = new Yaml()
			.load(new String(files.files().get(ModelArtifacts.MLMODEL_FILE), StandardCharsets.UTF_8));
		List<Map<String, Object>> inputs = JsonMapper.builder()
			.build()
			.readValue(((Map<String, String>) yaml.get("signature")).get("inputs"), List.class);
		assertThat(inputs).extracting((column) -> column.get("required")).containsExactly(true, false, false);
		Map<String, Object> example = JsonMapper.builder()
			.build()
			.readValue(files.files().get(ModelPackager.INPUT_EXAMPLE_FILE), Map.class);
		assertThat((List<List<Object>>) example.get("data")).first().isEqualTo(Arrays.asList(1.0, "red", null));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theMlmodelYamlReadsBackWhateverTheNamesContain() {
		Attribute tricky = new Attribute("it's: a \"name\" # not a comment\n- and: [more]");
		Attribute target = new Attribute("class", List.of("yes", "no"));
		Instances header = new Instances("tricky", new ArrayList<>(List.of(tricky, target)), 0);
		header.setClassIndex(1);
		FeatureSchema schema = FeatureSchemas.of(header);
		String text = MlModelFile.render("weka.classifiers.trees.J48", schema, "run: 'x'", null, "uuid",
				Instant.parse("2025-01-02T03:04:05Z"));
		Map<String, Object> yaml = new Yaml().load(text);
		assertThat(yaml).containsEntry("run_id", "run: 'x'");
		List<Map<String, Object>> inputs = JsonMapper.builder()
			.build()
			.readValue(((Map<String, String>) yaml.get("signature")).get("inputs"), List.class);
		assertThat(inputs).extracting((column) -> column.get("name")).containsExactly(tricky.name());
	}

	@Test
	void drawsTheConfusionMatrixAsAPicture() throws Exception {
		var image = ImageIO.read(new ByteArrayInputStream(pack.files().get(ModelPackager.CONFUSION_MATRIX_FILE)));
		assertThat(image).isNotNull();
		assertThat(image.getWidth()).isGreaterThan(3 * 72);
		assertThat(image.getHeight()).isGreaterThan(3 * 72);
	}

	@Test
	void theSerializedModelPredictsExactlyWhatTheTrainedModelDid() throws Exception {
		Object[] read = SerializationHelper
			.readAll(new ByteArrayInputStream(pack.files().get(ModelArtifacts.MODEL_FILE)));
		Classifier loaded = (Classifier) read[0];
		Instances header = (Instances) read[1];
		assertThat(header.numInstances()).isZero();
		assertThat(header.equalHeaders(prepared.data())).isTrue();
		assertThat(header.classIndex()).isEqualTo(prepared.data().classIndex());
		for (int i = 0; i < prepared.data().numInstances(); i++) {
			var row = prepared.data().instance(i);
			assertThat(loaded.distributionForInstance(row))
				.containsExactly(model.classifier().distributionForInstance(row));
		}
	}

}
