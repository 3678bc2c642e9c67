/**
 * Access control of the pipeline's HTTP APIs: users and roles from
 * {@code PIPELINE_USERS}, HTTP Basic, each app's
 * {@link dev.mlpipeline.security.AccessRules}, refusals as JSON.
 */
package dev.mlpipeline.security;
