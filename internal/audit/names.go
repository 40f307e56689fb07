package audit

// The log keeps codes: actions, object types and field names. A page shows
// each in the reader's language from the catalogue keys audit.action.<code>,
// audit.object.<type> and audit.field.<name>, so every code the system
// writes is listed here; TestNamesCoverSources holds the Go sources to these
// lists and TestNamesHaveMessages the catalogues.

// Actions lists every action the system records.
var Actions = []string{
	"account.invite", "account.link", "account.link_failed", "account.unlink", "api.request",
	"application.submit", "attachment.download", "attendance.mark", "auth.login", "auth.login_failed",
	"auth.login_throttled", "auth.logout", "auth.recovery_code_used", "auth.totp_replayed", "calendar.change",
	"case.approvals", "case.assessment_completed", "case.assessment_saved", "case.attachment", "case.closed",
	"case.closure_refused", "case.closure_requested", "case.contact", "case.export", "case.list", "case.note",
	"case.opened", "case.own_view", "case.plan_agreed", "case.plan_agreed_online", "case.plan_approved",
	"case.plan_returned", "case.plan_reviewed", "case.plan_saved", "case.reassigned", "case.referral.accepted",
	"case.referral.cancelled", "case.referral.completed", "case.referral.declined", "case.referral.no_show",
	"case.referral.sent", "case.reopened", "case.state.assessed", "case.state.on_hold",
	"case.state.plan_active", "case.task", "case.task_done", "case.view", "certificate.issue",
	"certificate.print", "certificate.revoke", "cohort.cancelled", "cohort.certificates", "cohort.create",
	"cohort.finished", "cohort.open", "cohort.register", "cohort.register_export", "cohort.roster",
	"cohort.running", "cohort.update", "consent.give", "consent.withdraw", "correction.answer",
	"correction.list", "correction.request", "correction.view", "council_member.add",
	"council_member.elected_chair", "council_member.list", "council_member.merge", "council_member.photo",
	"council_member.update", "council_member.view", "council_settings.update", "council_term.active",
	"council_term.ended", "council_term.open", "council_topic.create", "council_topic.update", "course.create",
	"course.update", "enrolment.completed", "enrolment.dropped", "enrolment.enrolled",
	"enrolment.not_completed", "enrolment.pending", "enrolment.rejected", "enrolment.transferred",
	"enrolment.waitlisted", "link_request.confirm", "link_request.create", "link_request.list",
	"link_request.refuse", "link_request.view", "meeting.agenda", "meeting.approved", "meeting.attendance",
	"meeting.cancelled", "meeting.chair_election", "meeting.decision", "meeting.held", "meeting.minutes",
	"meeting.paper", "meeting.plan", "meeting.publish", "meeting.reply", "meeting.update", "mydata.download",
	"organisation.create", "organisation.update", "person.add_relative", "person.add_status", "person.create",
	"person.erase", "person.import", "person.import_discard", "person.list", "person.merge", "person.merged_into",
	"person.not_duplicate", "person.search", "person.update", "person.view", "proposal.answer",
	"proposal.implement", "proposal.link_measure", "proposal.list", "proposal.review", "proposal.submit",
	"proposal.view", "proposal.withdraw", "referral.inbox", "referral.view", "region.save",
	"registry.duplicate_scan", "registry.duplicates", "service.save", "statistics.refresh",
	"statistics.threshold", "strategy.close", "strategy.create", "strategy.import", "strategy.publish",
	"strategy.update", "strategy_indicator.create", "strategy_indicator.delete", "strategy_indicator.update",
	"strategy_item.create", "strategy_item.move", "strategy_item.status", "strategy_item.update",
	"strategy_report.approve", "strategy_report.download", "strategy_report.evidence", "strategy_report.return",
	"strategy_report.save", "strategy_report.submit", "test.record", "token.create", "token.revoke",
	"user.accept_invitation", "user.change_password", "user.confirm_email", "user.create", "user.create_service", "user.enrol_totp",
	"user.reset_password", "user.reset_password_link", "user.set_language", "user.sign_up", "user.update",
	"webhook.create", "webhook.remove",
}

// ObjectTypes lists the kinds of object events name.
var ObjectTypes = []string{
	"api_token", "applications", "attachment", "case", "cases", "certificate", "cohort", "correction_request",
	"council_member", "council_settings", "council_topic", "course", "day", "duplicates", "enrolment",
	"import_batch", "lesson", "link_request", "link_requests", "meeting", "organisation", "person", "proposal",
	"query", "referral", "region", "registry", "service", "statistics", "strategy", "strategy_indicator",
	"strategy_item", "strategy_report", "strategy_report_file", "user", "webhook",
}

// NamedObjects lists, by object type, the object ids that are codes rather
// than a number, a date or text someone typed: a page shows the message
// audit.object.<type>.<id> instead of the type and the code.
var NamedObjects = map[string][]string{
	"case":       {"caseload"},
	"duplicates": {"open"},
	"registry":   {"duplicates"},
}

// Fields lists the names of changed fields events carry. A field written as
// name=value (a bulk import's counts and mode) is listed by its name when the
// value is a number and as name.value when the value is a code.
var Fields = []string{
	"account", "active", "added", "address", "agenda", "answer", "attendance", "baseline", "birth",
	"birth_date", "breakdowns", "budget", "by_author", "by_secretariat", "changed", "channel.online",
	"channel.secretariat", "channel.staff", "citizenships", "code", "comment", "community",
	"consent.data_processing", "consent.participation", "consent.photos", "consent.public_listing",
	"consent.sharing", "consents", "contact", "dates", "definition", "document_no", "done", "due_on",
	"duplicate_pairs", "duplicate_reason", "duplicates", "education", "email", "end_reason", "ends_on", "events",
	"evidence", "expires", "family", "flagged", "format.json", "format.pdf", "ground", "imported", "invalid",
	"kind", "language", "languages", "max_terms", "measure", "merged_into", "message", "minutes", "mode.all",
	"mode.valid", "name", "names", "narrative", "organisation", "origin", "outcome", "outcome.adopted",
	"outcome.elected", "outcome.no_majority", "outcome.rejected", "outcome.tie", "papers", "parent", "partners",
	"password", "person", "personal_data", "phone", "photo", "position", "reason", "recovery_codes",
	"reference", "region", "removed", "reply", "reporting", "responsible", "revoked", "role", "rows", "scopes", "script",
	"self_registration", "sessions", "sex", "size", "source", "spent", "starts_at", "starts_on", "state",
	"status", "statuses", "targets", "term_months", "terms", "test.final", "test.placement", "threshold",
	"title", "totp", "unchanged", "unit", "url", "values", "venue", "years",
}
