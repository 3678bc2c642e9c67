package dev.mlpipeline.promoter.live;

/**
 * Whose live stats: one version of one model in one role.
 *
 * @param model the registered model's name
 * @param version the version
 * @param role {@value #CHAMPION}, {@value #CHALLENGER} (a canary, answering its share of
 * requests) or {@value #SHADOW} (scoring requests the champion answers)
 */
public record LiveKey(String model, String version, String role) {

	/** The production version, answering requests. */
	public static final String CHAMPION = "champion";

	/** A challenger answering its share of requests: a canary. */
	public static final String CHALLENGER = "challenger";

	/** A challenger scoring the requests the champion answers, answering none. */
	public static final String SHADOW = "shadow";

}
