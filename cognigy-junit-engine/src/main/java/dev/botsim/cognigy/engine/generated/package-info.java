/**
 * Mode {@code generated} of {@code cognigy.backend=playbooks}: the engine's own cases and conversations compiled into
 * temporary Cognigy Playbooks, one per case or conversation, their expectations into Playbook assertions; what
 * Playbooks cannot assert is read back from the assertions' {@code actual}, and what nothing carries is refused.
 * Shared vocabulary outside the layers, as {@code model} is: discovery compiles the tree into it (and refuses there),
 * the playbooks backend runs what it holds; it depends on nothing of the engine.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.generated;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
