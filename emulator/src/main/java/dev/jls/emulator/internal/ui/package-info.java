/**
 * The dashboard at {@code /ui}: server-rendered pages of a tenant's deployments, workers and requests,
 * kept live over server-sent events, with the actions of the management API behind session cookies and
 * CSRF tokens. Uses the core through its {@link dev.jls.emulator.internal.core.ControlPlane} like the
 * API routes, and the HTTP layer through {@link dev.jls.emulator.internal.ui.Dashboard.Host}.
 */
package dev.jls.emulator.internal.ui;
