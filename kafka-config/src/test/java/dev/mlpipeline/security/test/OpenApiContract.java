package dev.mlpipeline.security.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks, for any app of the pipeline, that the OpenAPI description it serves at
 * {@code /v3/api-docs} without credentials is the one checked in as
 * {@code docs/openapi/<app>.json}, naming the JSON paths that differ; with
 * {@code -Dpipeline.openapi.write=true} it writes the served description to that file
 * instead (and passes).
 */
public final class OpenApiContract {

	/** The system property that regenerates the checked-in file. */
	public static final String WRITE = "pipeline.openapi.write";

	private static final int SHOWN = 8;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenApiContract() {
	}

	/**
	 * The description an app serves, read without credentials.
	 * @param anonymous a client of the app without credentials
	 * @return the description
	 */
	public static JsonNode served(WebTestClient anonymous) {
		byte[] body = anonymous.get()
			.uri("/v3/api-docs")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

	/**
	 * Asserts that the app serves the checked-in description, an OpenAPI 3.1 one, or
	 * writes the file when {@value #WRITE} is {@code true}.
	 * @param anonymous a client of the app without credentials
	 * @param app the app's name, the file's ({@code trainer})
	 * @return the served description
	 */
	public static JsonNode assertServedIsCheckedIn(WebTestClient anonymous, String app) {
		JsonNode served = served(anonymous);
		assertThat(served.path("openapi").asString()).as("the OpenAPI version").startsWith("3.1.");
		Path file = file(app);
		if (Boolean.getBoolean(WRITE)) {
			write(file, served);
			return served;
		}
		if (!Files.exists(file)) {
			fail("%s does not exist: write it with %s", file, regenerate(app));
		}
		JsonNode checkedIn = JSON.readTree(file.toFile());
		List<String> differences = new ArrayList<>();
		differences(checkedIn, served, "", differences);
		if (!differences.isEmpty()) {
			fail("The OpenAPI description %s serves differs from %s at %d JSON path(s), first %s (checked-in ->"
					+ " served).%nIf the change is meant, regenerate the file with %s and commit it.", app,
					file.normalize(), differences.size(), differences.subList(0, Math.min(SHOWN, differences.size())),
					regenerate(app));
		}
		return served;
	}

	/**
	 * The role a description says an operation needs.
	 * @param description the description
	 * @param method the operation's method, lower case ({@code post})
	 * @param path the operation's path template ({@code /jobs/{jobId}})
	 * @return the role's name, {@code null} when the operation is open
	 */
	public static String documentedRole(JsonNode description, String method, String path) {
		JsonNode operation = description.path("paths").path(path).path(method);
		assertThat(operation.isObject()).as("%s %s is described", method, path).isTrue();
		JsonNode role = operation.get("x-required-role");
		return (role != null) ? role.asString() : null;
	}

	private static Path file(String app) {
		// tests run in the module's directory; the description lives at the top
		Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
		return module.getParent().resolve("docs").resolve("openapi").resolve(app + ".json");
	}

	private static void write(Path file, JsonNode served) {
		try {
			Files.createDirectories(file.getParent());
			String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String regenerate(String app) {
		return "mvn -B verify -pl " + app + " -am -Dtest='" + caller() + "' -Dsurefire.failIfNoSpecifiedTests=false -D"
				+ WRITE + "=true";
	}

	/** The test that called, {@code Class#method}, for the command that regenerates. */
	private static String caller() {
		return StackWalker.getInstance()
			.walk((frames) -> frames.filter((frame) -> !frame.getClassName().equals(OpenApiContract.class.getName()))
				.findFirst()
				.map((frame) -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "#"
						+ frame.getMethodName())
				.orElse("<the drift test>"));
	}

	private static void differences(JsonNode expected, JsonNode actual, String at, List<String> found) {
		if (expected.isObject() && actual.isObject()) {
			Set<String> names = new TreeSet<>();
			expected.propertyNames().forEach(names::add);
			actual.propertyNames().forEach(names::add);
			for (String name : names) {
				String path = at + "/" + name.replace("~", "~0").replace("/", "~1");
				JsonNode left = expected.get(name);
				JsonNode right = actual.get(name);
				if (left == null || right == null) {
					found.add(path + " (" + ((left == null) ? "only served" : "only checked in") + ")");
				}
				else {
					differences(left, right, path, found);
				}
			}
		}
		else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
			Iterator<JsonNode> left = expected.iterator();
			Iterator<JsonNode> right = actual.iterator();
			for (int i = 0; left.hasNext(); i++) {
				differences(left.next(), right.next(), at + "/" + i, found);
			}
		}
		else if (!expected.equals(actual)) {
			found.add(at + " (" + shorten(expected) + " -> " + shorten(actual) + ")");
		}
	}

	private static String shorten(JsonNode node) {
		String text = node.toString();
		return (text.length() > 60) ? text.substring(0, 60) + "..." : text;
	}

}
