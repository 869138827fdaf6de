/**
 * Compilation of a MUD profile for one device and site ({@link io.palisade.mud.policy.MudCompiler}) and flow
 * verdicts ({@link io.palisade.mud.policy.CompiledPolicy#evaluate}).
 */
package io.palisade.mud.policy;
