/**
 * Approved answers (snapshot testing): a test with {@code expect: approved} or {@code @Utterance(approved = true)}
 * records the bot's answer once in a reviewable approval file and fails on any later difference, field by field.
 * The run's approvals ({@link dev.botsim.cognigy.engine.approval.Approvals}), one file per data file or class
 * ({@link dev.botsim.cognigy.engine.approval.ApprovalFile}), the answer they hold
 * ({@link dev.botsim.cognigy.engine.approval.ApprovedAnswer}), the role of the nodes that own them
 * ({@link dev.botsim.cognigy.engine.approval.ApprovalOwner}), how the run's bot names its flows, for comparing an
 * approved {@code next_flow} ({@link dev.botsim.cognigy.engine.approval.FlowNames}), and what
 * {@code cognigy.replay.redact} keeps out of the files ({@code ApprovalRedaction}).
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.approval;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
