/**
 * The SDK's machinery: HTTP transport, retry rules, region routing, the server-sent-events parser, JSON.
 *
 * <p><b>Not public API.</b> These types are public only so that the SDK's own packages can share them;
 * they may change or disappear in any release. Applications use {@code dev.jls.sdk},
 * {@code dev.jls.sdk.models} and {@code dev.jls.sdk.errors}.
 */
package dev.jls.sdk.internal;
