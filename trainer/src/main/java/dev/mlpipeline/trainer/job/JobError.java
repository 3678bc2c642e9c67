package dev.mlpipeline.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A refused request: the field at fault (a JSON path such as {@code dataset.uri}) and
 * what is wrong with it.
 *
 * @param field the field at fault, {@code null} when the body itself is unreadable
 * @param message what is wrong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobError(String field, String message) {
}
