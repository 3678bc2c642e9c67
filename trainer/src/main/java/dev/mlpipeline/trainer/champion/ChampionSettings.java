package dev.mlpipeline.trainer.champion;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which version is the champion a job's candidate is compared with, named as serving and
 * the promoter name it ({@code trainer.champion}).
 *
 * @param alias the registry alias of the production version ({@code MODEL_ALIAS})
 * @param stage the stage to fall back to when no version holds the alias
 * ({@code MODEL_STAGE})
 * @param score whether to score the champion on the candidate's data at all
 * ({@code TRAINER_SCORE_CHAMPION})
 */
public record ChampionSettings(@DefaultValue("champion") @NotBlank String alias,
		@DefaultValue("Production") @NotBlank String stage, @DefaultValue("true") boolean score) {
}
