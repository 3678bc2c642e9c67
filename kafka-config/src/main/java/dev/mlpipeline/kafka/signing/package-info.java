/**
 * HMAC-signed events: every producer signs each record, every consumer refuses an
 * unsigned, forged or stale one to its dead-letter topic.
 *
 * <p>
 * The scheme has the shape of MLflow 3's webhook signatures, so that a producer in any
 * language (or a shell with {@code openssl}) can sign: header
 * {@value EventSignature#TIMESTAMP_HEADER} holds the signing time in epoch milliseconds
 * as a decimal string, header {@value EventSignature#SIGNATURE_HEADER} holds {@code v1,}
 * followed by the Base64 HMAC-SHA256, under the shared key, of
 * {@code topic + "\n" + record key + "\n" + timestamp + "\n" + value}, all UTF-8, the
 * value being the record's exact value bytes and a {@code null} key the empty string.
 */
package dev.mlpipeline.kafka.signing;
