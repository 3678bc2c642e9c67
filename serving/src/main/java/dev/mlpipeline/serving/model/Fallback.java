package dev.mlpipeline.serving.model;

import java.time.Instant;

/**
 * Why the served model is not the champion: at start the champion could not be loaded for
 * a reason retrying soon will not cure, so the version the promoter kept as the previous
 * champion serves instead, and {@code /health} and {@code /model} say so.
 *
 * @param alias the alias the served version was found by, e.g. {@code previous-champion}
 * @param version the version served in the champion's place
 * @param champion the champion version that could not be loaded
 * @param kind the kind of the champion's failure, e.g. {@code checksum}
 * @param reason what happened to the champion
 * @param since when serving fell back
 */
public record Fallback(String alias, String version, String champion, String kind, String reason, Instant since) {

	Fallback championFailed(String champion, String kind, String reason) {
		return new Fallback(this.alias, this.version, champion, kind, reason, this.since);
	}

}
