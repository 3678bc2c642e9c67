package dev.mlpipeline.serving.model;

import java.time.Instant;

/**
 * The last failed attempt to load a version, kept so {@code /model} and {@code /health}
 * can say why the served model is not the registry's.
 *
 * @param version the version that failed, {@code null} when the registry itself failed
 * @param kind the kind of failure, e.g. {@code checksum}
 * @param message what happened
 * @param attempts how many times in a row this version failed
 * @param retrying whether another attempt is scheduled
 * @param at when it failed
 */
public record LoadFailure(String version, String kind, String message, int attempts, boolean retrying, Instant at) {

}
