package dev.mlpipeline.serving.prediction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import weka.core.Instance;
import weka.core.Instances;

import org.springframework.http.HttpStatus;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.model.TestModels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RequestReaderTests {

	private static final String ROW = "{\"sepallength\": 5.1, \"sepalwidth\": 3.5, \"petallength\": 1.4, \"petalwidth\": 0.2}";

	private final Instances iris = ModelFixtures.iris();

	private final LoadedModel model = TestModels.of(ModelFixtures.train("weka.classifiers.rules.ZeroR", this.iris),
			this.iris);

	private final RequestReader reader = new RequestReader(JsonMapper.builder().build(), 3);

	@Test
	void readsNamedRowsIntoTheModelsHeader() {
		Instance[] rows = this.reader.predictRows(bytes("{\"instances\": [" + ROW + "]}"), this.model).instances();
		assertThat(rows).hasSize(1);
		assertThat(rows[0].toDoubleArray()).startsWith(5.1, 3.5, 1.4, 0.2);
		assertThat(rows[0].classIsMissing()).isTrue();
		assertThat(rows[0].dataset()).isSameAs(this.model.header());
	}

	@Test
	void readsEveryMlflowInputFormatToTheSameRows() {
		List<String> bodies = List.of("{\"dataframe_records\": [" + ROW + "]}",
				"{\"dataframe_split\": {\"columns\": [\"petalwidth\", \"petallength\", \"sepalwidth\", \"sepallength\"],"
						+ " \"data\": [[0.2, 1.4, 3.5, 5.1]]}}",
				"{\"instances\": [" + ROW + "]}", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}",
				"{\"inputs\": {\"sepallength\": [5.1], \"sepalwidth\": [3.5], \"petallength\": [1.4], \"petalwidth\": [0.2]}}",
				"{\"inputs\": [" + ROW + "]}");
		for (String body : bodies) {
			Instance[] rows = this.reader.invocationRows(bytes(body), this.model).instances();
			assertThat(rows).as(body).hasSize(1);
			assertThat(rows[0].toDoubleArray()).as(body).startsWith(5.1, 3.5, 1.4, 0.2);
		}
	}

	@Test
	void keepsEveryRowAsTheRequestGaveItNamedEvenWhenPositional() {
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("sepallength", "5.1");
		expected.put("sepalwidth", "3.5");
		expected.put("petallength", "1.4");
		expected.put("petalwidth", "0.2");
		List<String> bodies = List.of("{\"instances\": [[5.1, 3.5, 1.4, 0.2], " + ROW + "]}",
				"{\"inputs\": {\"sepallength\": [5.1, 5.1], \"sepalwidth\": [3.5, 3.5], \"petallength\": [1.4, 1.4],"
						+ " \"petalwidth\": [0.2, 0.2]}}");
		for (String body : bodies) {
			RequestReader.Rows rows = this.reader.invocationRows(bytes(body), this.model);
			assertThat(rows.given()).as(body).hasSize(2);
			for (Iterable<Map.Entry<String, JsonNode>> row : rows.given()) {
				Map<String, String> given = new LinkedHashMap<>();
				row.forEach((field) -> given.put(field.getKey(), field.getValue().asString()));
				assertThat(given).as(body).containsExactlyInAnyOrderEntriesOf(expected);
			}
		}
		RequestReader.Rows predicted = this.reader.predictRows(bytes("{\"instances\": [" + ROW + "]}"), this.model);
		assertThat(predicted.given()).hasSize(1);
		assertThat(predicted.given().get(0)).extracting(Map.Entry::getKey)
			.containsExactly("sepallength", "sepalwidth", "petallength", "petalwidth");
	}

	@Test
	void namesTheRowAndFieldOfAnUnknownFeature() {
		InvalidRequestException refused = refused(
				"{\"instances\": [" + ROW + ", {\"sepallength\": 1, \"colour\": \"red\"}]}");
		assertThat(refused.kind()).isEqualTo("unknown_feature");
		assertThat(refused.row()).isEqualTo(1);
		assertThat(refused.field()).isEqualTo("colour");
	}

	@Test
	void namesTheRowAndFieldOfAMissingFeature() {
		InvalidRequestException refused = refused(
				"{\"instances\": [{\"sepallength\": 5.1, \"sepalwidth\": 3.5, \"petallength\": 1.4}]}");
		assertThat(refused.kind()).isEqualTo("missing_feature");
		assertThat(refused.row()).isEqualTo(0);
		assertThat(refused.field()).isEqualTo("petalwidth");
	}

	@Test
	void namesTheRowAndFieldOfAValueOfTheWrongType() {
		InvalidRequestException refused = refused("{\"instances\": [" + ROW.replace("1.4", "\"long\"") + "]}");
		assertThat(refused.kind()).isEqualTo("wrong_type");
		assertThat(refused.field()).isEqualTo("petallength");
		assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void refusesANullForAFeatureThatIsNotNullable() {
		InvalidRequestException refused = refused("{\"instances\": [" + ROW.replace("0.2", "null") + "]}");
		assertThat(refused.kind()).isEqualTo("missing_value");
		assertThat(refused.field()).isEqualTo("petalwidth");
	}

	@Test
	void acceptsMissingValuesWhereTheSchemaAllowsThem() {
		FeatureSchema schema = ModelFixtures.schemaOf(this.iris);
		List<Feature> features = new ArrayList<>(schema.features());
		Feature petalwidth = features.get(3);
		features.set(3, new Feature(petalwidth.name(), petalwidth.type(), petalwidth.values(), true));
		LoadedModel nullable = TestModels.of(ModelFixtures.train("weka.classifiers.trees.J48", this.iris), this.iris,
				new FeatureSchema(features, schema.target()));

		Instance[] rows = this.reader
			.predictRows(bytes("{\"instances\": [" + ROW.replace("0.2", "null")
					+ ", {\"sepallength\": 5.1, \"sepalwidth\": 3.5, \"petallength\": 1.4}]}"), nullable)
			.instances();

		assertThat(rows[0].isMissing(3)).isTrue();
		assertThat(rows[1].isMissing(3)).isTrue();
	}

	@Test
	void refusesANominalValueOutsideItsSet() {
		Instances weather = nominalData();
		LoadedModel nominal = TestModels.of(ModelFixtures.train("weka.classifiers.trees.J48", weather), weather);
		InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> this.reader
			.predictRows(bytes("{\"instances\": [{\"outlook\": \"sunny\"}, {\"outlook\": \"foggy\"}]}"), nominal));
		assertThat(refused.kind()).isEqualTo("invalid_value");
		assertThat(refused.row()).isEqualTo(1);
		assertThat(refused.field()).isEqualTo("outlook");
		assertThat(refused.getMessage()).contains("foggy", "sunny");
	}

	@Test
	void refusesANumberBeyondTheRangeOfADoubleInEveryFormatNamingItsRowAndField() {
		String huge = "9".repeat(309);
		List<String> numbers = List.of(huge, "-" + huge, huge + ".5", "1e400", "-1e400");
		JsonMapper bigDecimals = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		RequestReader exact = new RequestReader(bigDecimals, 3);
		for (RequestReader reader : List.of(this.reader, exact)) {
			for (String number : numbers) {
				String row = ROW.replace("1.4", number);
				List<String> invocations = List.of("{\"dataframe_records\": [" + ROW + ", " + row + "]}",
						"{\"dataframe_split\": {\"columns\": [\"sepallength\", \"sepalwidth\", \"petallength\","
								+ " \"petalwidth\"], \"data\": [[5.1, 3.5, 1.4, 0.2], [5.1, 3.5, " + number
								+ ", 0.2]]}}",
						"{\"instances\": [" + ROW + ", " + row + "]}",
						"{\"instances\": [[5.1, 3.5, 1.4, 0.2], [5.1, 3.5, " + number + ", 0.2]]}",
						"{\"inputs\": {\"sepallength\": [5.1, 5.1], \"sepalwidth\": [3.5, 3.5], \"petallength\": [1.4, "
								+ number + "], \"petalwidth\": [0.2, 0.2]}}",
						"{\"inputs\": [" + ROW + ", " + row + "]}");
				List<InvalidRequestException> refusals = new ArrayList<>();
				refusals.add(catchThrowableOfType(InvalidRequestException.class,
						() -> reader.predictRows(bytes("{\"instances\": [" + ROW + ", " + row + "]}"), this.model)));
				for (String body : invocations) {
					refusals.add(catchThrowableOfType(InvalidRequestException.class,
							() -> reader.invocationRows(bytes(body), this.model)));
				}
				assertThat(refusals).as(number).hasSize(7).allSatisfy((refused) -> {
					assertThat(refused).isNotNull();
					assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
					assertThat(refused.kind()).isEqualTo("out_of_range");
					assertThat(refused.row()).isEqualTo(1);
					assertThat(refused.field()).isEqualTo("petallength");
					assertThat(refused.getMessage()).startsWith("row 1: feature 'petallength'").hasSizeLessThan(200);
				});
			}
		}
	}

	@Test
	void acceptsLargeNumbersWithinTheRangeOfADoubleWhateverTheirJsonShape() {
		JsonMapper bigDecimals = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		RequestReader exact = new RequestReader(bigDecimals, 3);
		for (RequestReader reader : List.of(this.reader, exact)) {
			for (String number : List.of("1" + "0".repeat(308), "12345678901234567890", "1.5e300", "1e-400")) {
				Instance[] rows = reader
					.predictRows(bytes("{\"instances\": [" + ROW.replace("1.4", number) + "]}"), this.model)
					.instances();
				assertThat(rows[0].value(2)).as(number).isEqualTo(new java.math.BigDecimal(number).doubleValue());
			}
		}
	}

	@Test
	void refusesAHugeNumberForANominalFeatureAsAValueOutsideItsSet() {
		Instances weather = nominalData();
		LoadedModel nominal = TestModels.of(ModelFixtures.train("weka.classifiers.trees.J48", weather), weather);
		InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> this.reader
			.predictRows(bytes("{\"instances\": [{\"outlook\": " + "9".repeat(309) + "}]}"), nominal));
		assertThat(refused.kind()).isEqualTo("invalid_value");
		assertThat(refused.field()).isEqualTo("outlook");
	}

	@Test
	void refusesAnEmptyBatchAndOneLargerThanAllowed() {
		assertThat(refused("{\"instances\": []}").kind()).isEqualTo("empty_batch");
		InvalidRequestException tooLarge = refused(
				"{\"instances\": [" + ROW + "," + ROW + "," + ROW + "," + ROW + "]}");
		assertThat(tooLarge.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void refusesMalformedJsonAndBodiesOfTheWrongShape() {
		assertThat(refused("{\"instances\": [").error()).isEqualTo("malformed_json");
		assertThat(refused("").error()).isEqualTo("malformed_json");
		assertThat(refused("[1, 2]").error()).isEqualTo("malformed_json");
		assertThat(refused("{\"rows\": []}").kind()).isEqualTo("missing_instances");
		assertThat(refused("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}").kind()).isEqualTo("invalid_row");
		InvalidRequestException twoFormats = catchThrowableOfType(InvalidRequestException.class,
				() -> this.reader.invocationRows(bytes("{\"inputs\": [], \"instances\": []}"), this.model));
		assertThat(twoFormats.kind()).isEqualTo("invalid_format");
	}

	private InvalidRequestException refused(String body) {
		return catchThrowableOfType(InvalidRequestException.class,
				() -> this.reader.predictRows(bytes(body), this.model));
	}

	private static Instances nominalData() {
		try {
			Instances data = new Instances(new java.io.StringReader("@relation weather\n"
					+ "@attribute outlook {sunny, overcast, rainy}\n@attribute play {yes, no}\n@data\n"
					+ "sunny,no\nsunny,no\novercast,yes\nrainy,yes\nrainy,yes\novercast,yes\nsunny,yes\n"));
			data.setClassIndex(1);
			return data;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
